/**
 * Preload (`node --import dist/bench/max-rss.js ...`) that writes the process's peak RSS and CPU time
 * to the file named by BENCH_RSS_FILE when it exits: the fallback when /usr/bin/time is missing.
 */
import { writeFileSync } from 'node:fs';

const file = process.env.BENCH_RSS_FILE;
if (file) {
  process.on('exit', () => {
    const u = process.resourceUsage();
    // maxRSS is in kilobytes, CPU times in microseconds.
    writeFileSync(file, JSON.stringify({ maxRSS: u.maxRSS * 1024, user: u.userCPUTime, sys: u.systemCPUTime }));
  });
}
