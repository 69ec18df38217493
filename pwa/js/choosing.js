// The school-choice page is drawn by the server for the signed-in pupil; this binds the
// shared-tablet rules (sign-out leaves nothing, idle sign-out) and the sync line.
"use strict";
import { start } from "./local.js";
import { showStatus } from "./status.js";

start().then(() => showStatus());
