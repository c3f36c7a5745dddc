// The room screen: read-only; everything it does (the countdown, the time of day,
// the connection state) is the common part of every live page.
import "./common.js";
