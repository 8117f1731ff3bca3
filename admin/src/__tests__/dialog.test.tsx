import { describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { ConfirmDialog } from '../components/ui';

describe('<ConfirmDialog>', () => {
  it('focuses the safe choice, traps Tab and cancels on Escape', () => {
    const onCancel = vi.fn();
    const onConfirm = vi.fn();
    render(
      <ConfirmDialog title="Cancel booking #3?" confirmLabel="Cancel booking" cancelLabel="Keep booking" onConfirm={onConfirm} onCancel={onCancel}>
        <p>Full refund.</p>
      </ConfirmDialog>,
    );
    const keep = screen.getByRole('button', { name: 'Keep booking' });
    const confirm = screen.getByRole('button', { name: 'Cancel booking' });
    expect(screen.getByRole('alertdialog', { name: 'Cancel booking #3?' })).toBeTruthy();
    expect(document.activeElement).toBe(keep);
    confirm.focus();
    fireEvent.keyDown(document, { key: 'Tab' });
    expect(document.activeElement).toBe(keep);
    fireEvent.keyDown(document, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
    fireEvent.keyDown(document, { key: 'Escape' });
    expect(onCancel).toHaveBeenCalledTimes(1);
    fireEvent.click(confirm);
    expect(onConfirm).toHaveBeenCalledTimes(1);
  });
});
