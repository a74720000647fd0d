-- wrk script of bench/http_benchmark.py: GET the paths listed in the file BENCH_PATHS (one a line), in
-- turn, each thread from its own place in the list, as the proxy sends them (X-Forwarded-Proto: https);
-- at the end one line "RESULT requests seconds non-2xx socket-errors p50-us p99-us".
wrk.headers["X-Forwarded-Proto"] = "https"
local paths = {}
for line in io.lines(os.getenv("BENCH_PATHS")) do paths[#paths + 1] = line end
local threads = 0

function setup(thread)
  thread:set("offset", threads * 7919)
  threads = threads + 1
end

local i = 0
function init(args)
  i = offset or 0
end

function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %.3f %d %d %d %d\n", summary.requests, summary.duration / 1e6, e.status,
    e.connect + e.read + e.write + e.timeout, latency:percentile(50), latency:percentile(99)))
end
