-- wrk reporter for bench/load.py: one machine-readable line after the run.
-- Latencies are in microseconds; errors count failed connections, reads, writes,
-- timeouts and answers other than 2xx/3xx.
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    "WRK requests=%d duration_us=%d p50_us=%d p95_us=%d errors=%d\n",
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(95),
    errors.connect + errors.read + errors.write + errors.timeout + errors.status))
end
