// Starts the web app. A file of its own, not an inline script, so that the Content-Security-Policy
// needs no 'unsafe-inline' for scripts.
import init from "/pkg/l4a_web.js";
init({ module_or_path: "/pkg/l4a_web_bg.wasm" });
