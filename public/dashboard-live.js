// Live updates from GET api/v1/events (server-sent events); while the stream is down, polling instead. The list and
// the monitor page share one stream: it opens for the first listener and closes after the last.
const POLL_MS = 15_000;
/** after the server closed the stream for good (a 401, a restart refused): try again this much later */
const RECONNECT_MS = 30_000;

const listeners = new Set();
let closeStream = null;

/**
 * Calls `onEvent(type, data)` for each `result`, `status`, `monitor` and `maintenance` event, and `resync()` when what is shown
 * may have missed events (the stream came back) or, every 15 s, while there is no stream. Returns the way to stop.
 */
export function startLive(listener) {
  listeners.add(listener);
  closeStream ??= openStream({
    onEvent: (type, data) => listeners.forEach((l) => l.onEvent(type, data)),
    resync: () => listeners.forEach((l) => l.resync()),
  });
  return () => {
    listeners.delete(listener);
    if (listeners.size > 0) return;
    closeStream();
    closeStream = null;
  };
}

function openStream({ onEvent, resync }) {
  let source = null;
  let pollTimer = null;
  let reconnectTimer = null;
  let missed = false;

  const startPolling = () => {
    missed = true;
    pollTimer ??= setInterval(() => !document.hidden && resync(), POLL_MS);
  };
  const stopPolling = () => {
    clearInterval(pollTimer);
    pollTimer = null;
  };

  function connect() {
    reconnectTimer = null;
    source = new EventSource("api/v1/events"); // relative, like the API calls: works under a sub-path
    source.addEventListener("open", () => {
      stopPolling();
      if (missed) resync();
      missed = false;
    });
    for (const type of ["result", "status", "monitor", "maintenance"]) {
      source.addEventListener(type, (event) => onEvent(type, JSON.parse(event.data)));
    }
    source.addEventListener("error", () => {
      startPolling();
      // EventSource retries by itself unless the answer was not a stream; then it is ours to retry
      if (source.readyState === EventSource.CLOSED && reconnectTimer === null) reconnectTimer = setTimeout(connect, RECONNECT_MS);
    });
  }

  connect();
  return () => {
    source?.close();
    stopPolling();
    clearTimeout(reconnectTimer);
  };
}
