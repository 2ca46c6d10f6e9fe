// SPDX-License-Identifier: BSL-1.0
// What every program serving a sandbox from the command line shares (tallyfy-sandbox, `tallyfy
// sandbox`, the bench responder): stop signals that only a sigwait sees, and the hello line.
#pragma once

#include <tallyfy/sandbox/server.hpp>

#include <boost/json/object.hpp>

#include <csignal>
#include <string>

namespace tallyfy::tools {

/// Blocks SIGINT and SIGTERM in the calling thread, and so in every thread started after it:
/// call it before any server thread starts, then wait_for_stop() sees them (no handler runs on a
/// server thread).
sigset_t block_stop_signals();
/// Waits for SIGINT or SIGTERM blocked by block_stop_signals(); returns the signal.
int wait_for_stop(const sigset_t& signals);

/// Where a CA certificate goes when the user named no file: $TMPDIR (or /tmp), by program and pid.
std::string default_ca_file(const std::string& program);

/// The first stdout line of a served sandbox: base_url, org_id, token, ca_file (its CA written
/// there when it serves HTTPS; `ca_out` empty: default_ca_file), checklists. Throws
/// std::runtime_error when the CA cannot be written.
boost::json::object sandbox_hello(const tallyfy::sandbox::server& sandbox, bool https,
                                  std::string ca_out);

} // namespace tallyfy::tools
