-- wrk_report.lua: make wrk print one machine-readable line at the end of a run (bench/peer.py).
-- WRKRESULT requests duration_s rps p50_ms p90_ms p95_ms p99_ms max_ms errors_4xx5xx
--           socket_errors timeouts not_200 bytes_per_response
-- not_200 counts every answer other than 200, redirects included (a lost session answers 302).
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  not_200 = 0
end

function response(status, headers, body)
  if status ~= 200 then
    not_200 = not_200 + 1
  end
end

done = function(summary, latency, requests)
  local e = summary.errors
  local other = 0
  for _, thread in ipairs(threads) do
    other = other + thread:get("not_200")
  end
  local per = 0
  if summary.requests > 0 then
    per = summary.bytes / summary.requests
  end
  io.write(string.format("WRKRESULT %d %.3f %.3f %.2f %.2f %.2f %.2f %.2f %d %d %d %d %d\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(95) / 1000,
    latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect + e.read + e.write, e.timeout, other, per))
end
