// The live feed (GET /api/events/stream, Server-Sent Events): readings and report steps as they are logged.

/**
 * Follows the feed and hands each event to the handlers. EventSource reconnects by itself and sends
 * Last-Event-ID, so the twin replays what was missed; the status element says whether it is live.
 */
export function followFeed(handlers, onState) {
  const source = new EventSource('/api/events/stream');
  source.onopen = () => onState('open');
  source.onerror = () => onState('error');
  source.addEventListener('reading', (message) => handlers.reading(JSON.parse(message.data)));
  source.addEventListener('report', (message) => handlers.report(JSON.parse(message.data)));
  // The twin dropped events for this slow client: everything is read afresh.
  source.addEventListener('lost', () => handlers.lost());
  return source;
}

/** Runs work at most once per interval however often it is asked for, and never two at once. */
export function coalesce(work, intervalMs) {
  let timer = null, running = false, again = false;
  const run = async () => {
    timer = null;
    if (running) { again = true; return; }
    running = true;
    try { await work(); } catch (error) { console.warn(error); } finally {
      running = false;
      if (again) { again = false; schedule(); }
    }
  };
  const schedule = () => { if (!timer) timer = setTimeout(run, intervalMs); };
  return schedule;
}
