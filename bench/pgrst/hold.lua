-- wrk script: every request holds its own slot. Slot ids are read from $BENCH_IDS_FILE
-- (one id per line); thread t of n takes lines t, t+n, t+2n, ... With $BENCH_TOKENS_FILE
-- (one JWT per line, aligned with the ids), every request is also a player of its own
-- (the hold caps allow a player two pending holds); else every request sends $BENCH_TOKEN.
local threads = {}
local tcount = 0

function setup(thread)
  thread:set("tid", tcount)
  tcount = tcount + 1
  table.insert(threads, thread)
end

function init(args)
  ids = {}
  tokens = {}
  local nthreads = tonumber(os.getenv("BENCH_THREADS"))
  local i = 0
  for line in io.lines(os.getenv("BENCH_IDS_FILE")) do
    if i % nthreads == tid then
      table.insert(ids, line)
    end
    i = i + 1
  end
  local tokens_file = os.getenv("BENCH_TOKENS_FILE")
  if tokens_file ~= nil and tokens_file ~= "" then
    i = 0
    for line in io.lines(tokens_file) do
      if i % nthreads == tid then
        table.insert(tokens, line)
      end
      i = i + 1
    end
  end
  pos = 0
  token = os.getenv("BENCH_TOKEN")
  path = os.getenv("BENCH_PATH")
  argname = os.getenv("BENCH_ARG")
end

function request()
  pos = pos + 1
  local id = ids[pos]
  if id == nil then id = "0" end
  local body = '{"' .. argname .. '":[' .. id .. ']}'
  return wrk.format("POST", path, {
    ["Content-Type"] = "application/json",
    ["Authorization"] = "Bearer " .. (tokens[pos] or token),
    ["Prefer"] = "return=representation",
  }, body)
end

function done(summary, latency, requests)
  local non2xx = 0
  for _, t in ipairs(threads) do
    non2xx = non2xx + (t:get("non2xx") or 0)
  end
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
