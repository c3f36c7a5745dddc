// The interpreters' booth: read-only; it sends no command. Its countdown, time of day
// and connection state are the common part of every live page.
import "./common.js";
