// The process-wide registry of running EmbeddedPostgres clusters, so that none outlives
// the process that started it. Internal to the store module.
//
// - Normal exit (return from main, exit()): an atexit handler calls Stop() on every
//   registered cluster, which also removes data directories marked remove_on_stop.
// - SIGINT, SIGTERM, SIGHUP, SIGQUIT and crashes (SIGSEGV, SIGBUS, SIGFPE, SIGILL,
//   SIGABRT, which a failed assert or std::terminate raises): the handler sends each
//   postmaster SIGINT (fast shutdown), waits up to 10 s for it to finish, removes its
//   (then empty) socket directory, restores the previous handler and re-raises. Only
//   async-signal-safe calls are made there, so data directories marked remove_on_stop
//   are left behind on this path.
// - SIGKILL cannot be caught: the server keeps running.
//
// Only the process that registered a cluster stops it: a forked child (a gtest death
// test) that exits or crashes leaves its parent's servers alone.
#pragma once

#include <sys/types.h>

#include <string>

namespace xmatch::store {

class EmbeddedPostgres;

// Records a started cluster. Thread-safe.
void RegisterCluster(EmbeddedPostgres* cluster, pid_t postmaster_pid,
                     const std::string& data_dir, const std::string& socket_dir);
// Forgets a stopped cluster. Thread-safe; a no-op for an unknown cluster.
void UnregisterCluster(EmbeddedPostgres* cluster);

}  // namespace xmatch::store
