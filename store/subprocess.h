// Running PostgreSQL's command-line programs (initdb, pg_ctl) as child processes, for
// EmbeddedPostgres. Internal to the store module.
//
// PostgreSQL refuses to run as root. When this process is root, the programs run as the
// `postgres` system user instead: fork, drop to that user, exec. No shell is involved.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "common/result.h"

namespace xmatch::store {

// A system account to run a child process as.
struct ProcessUser {
  std::string name;
  uid_t uid = 0;
  gid_t gid = 0;
  std::vector<gid_t> groups;  // supplementary groups
};

// The account the PostgreSQL programs must run as: `postgres` when this process is
// root, nullopt (this process's own user) otherwise. FailedPrecondition when root and
// there is no `postgres` user.
Result<std::optional<ProcessUser>> PostgresProcessUser();

struct ProcessOutput {
  int exit_code = 0;   // 128 + signal number when killed by a signal
  std::string output;  // stdout and stderr, interleaved
};

// Runs argv[0] (an absolute path) with argv, stdin from /dev/null, as `user` if given,
// with "/" as working directory, and waits for it. A non-zero exit is not an error here;
// errors are failures to start the program at all.
Result<ProcessOutput> RunProcess(const std::vector<std::string>& argv,
                                 const std::optional<ProcessUser>& user);

}  // namespace xmatch::store
