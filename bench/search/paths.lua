-- wrk script (bench/search): GET one path after another from BENCH_PATHS_FILE (one
-- per line, each thread starting at a different line), as anon; prints WRKJSON.
local paths = {}
local i = 0

function init(args)
  for line in io.lines(os.getenv("BENCH_PATHS_FILE")) do
    paths[#paths + 1] = line
  end
  i = math.random(#paths)
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  io.write(string.format(
    'WRKJSON {"requests":%d,"duration_us":%d,"p50_us":%d,"p99_us":%d,"errors":%d,"non2xx":%d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(99),
    summary.errors.connect + summary.errors.read + summary.errors.write +
    summary.errors.timeout, summary.errors.status))
end
