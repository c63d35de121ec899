// XmatchChild: an `xmatch` subcommand run as a child process of the demo, whose first
// line of output says where it serves: `xmatch dev-kafka` prints the broker's bootstrap
// address, `xmatch serve` the URL of the review pages. Each runs in its own process as it
// would in production. The child dies with the demo (PR_SET_PDEATHSIG) even if the demo
// is killed, and sits in its own process group, so Ctrl-C reaches only the demo, which
// stops its children in order. Stop() ends it with SIGTERM and waits for it.
#pragma once

#include <sys/types.h>

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "common/result.h"

namespace xmatch::demo {

struct XmatchChildOptions {
  std::string xmatch_binary;      // the xmatch executable (the demo: /proc/self/exe)
  std::vector<std::string> args;  // e.g. {"dev-kafka", "--partitions", "4"}
  std::string log_file;           // the child's stderr; empty: /dev/null
  std::chrono::seconds start_timeout{20};
};

class XmatchChild {
 public:
  // Starts the child and waits for its first line of output. Unavailable (naming the
  // log file) when it exits or says nothing in time.
  static Result<std::unique_ptr<XmatchChild>> Start(const XmatchChildOptions& options);
  ~XmatchChild();
  XmatchChild(const XmatchChild&) = delete;
  XmatchChild& operator=(const XmatchChild&) = delete;

  // The first line the child printed, e.g. "127.0.0.1:39573".
  const std::string& first_line() const { return first_line_; }
  pid_t pid() const { return pid_; }
  // False once the child has exited (it is reaped then).
  bool Running();
  // SIGTERM, up to 5 s for it to exit, then SIGKILL. Idempotent.
  void Stop();

 private:
  XmatchChild(pid_t pid, int stdout_fd, std::string first_line)
      : pid_(pid), stdout_fd_(stdout_fd), first_line_(std::move(first_line)) {}

  pid_t pid_;
  int stdout_fd_;  // kept open so the child never writes into a closed pipe
  std::string first_line_;
};

}  // namespace xmatch::demo
