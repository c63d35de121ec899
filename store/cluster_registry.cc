#include "store/cluster_registry.h"

#include <signal.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <mutex>
#include <vector>

#include "store/embedded_postgres.h"

namespace xmatch::store {
namespace {

// Fixed storage so the signal handler reads it without locks or allocation. `postmaster`
// is published last (release) and read first (acquire); the other fields are written
// under g_mutex before it.
struct Slot {
  std::atomic<pid_t> postmaster{0};
  pid_t owner = 0;  // the process that started the cluster
  char pid_file[PATH_MAX] = {};
  char socket_dir[PATH_MAX] = {};
  EmbeddedPostgres* cluster = nullptr;
};
static_assert(std::atomic<pid_t>::is_always_lock_free);

constexpr int kMaxClusters = 16;
constexpr int kHandledSignals[] = {SIGINT,  SIGTERM, SIGHUP,  SIGQUIT, SIGSEGV,
                                   SIGBUS,  SIGFPE,  SIGILL,  SIGABRT};
constexpr int kShutdownWaitMs = 10000;

Slot g_slots[kMaxClusters];
struct sigaction g_previous[NSIG];
std::mutex g_mutex;  // guards writes to g_slots

bool AnyPidFileLeft(pid_t self) {
  for (const Slot& slot : g_slots) {
    if (slot.postmaster.load(std::memory_order_acquire) > 0 && slot.owner == self &&
        access(slot.pid_file, F_OK) == 0) {
      return true;
    }
  }
  return false;
}

void OnFatalSignal(int sig) {
  int saved_errno = errno;
  pid_t self = getpid();
  for (const Slot& slot : g_slots) {
    pid_t pid = slot.postmaster.load(std::memory_order_acquire);
    if (pid > 0 && slot.owner == self) kill(pid, SIGINT);  // fast shutdown
  }
  // The postmaster removes postmaster.pid as the last step of shutting down.
  timespec tick{0, 10 * 1000 * 1000};
  for (int waited = 0; waited < kShutdownWaitMs && AnyPidFileLeft(self); waited += 10) {
    nanosleep(&tick, nullptr);
  }
  for (const Slot& slot : g_slots) {
    if (slot.postmaster.load(std::memory_order_acquire) > 0 && slot.owner == self) {
      rmdir(slot.socket_dir);  // fails harmlessly if the server left its socket behind
    }
  }
  sigaction(sig, &g_previous[sig], nullptr);
  raise(sig);  // delivered, with the previous disposition, when this handler returns
  errno = saved_errno;
}

void StopAllAtExit() {
  std::vector<EmbeddedPostgres*> clusters;
  {
    std::lock_guard lock(g_mutex);
    for (const Slot& slot : g_slots) {
      if (slot.cluster != nullptr && slot.owner == getpid()) clusters.push_back(slot.cluster);
    }
  }
  for (EmbeddedPostgres* cluster : clusters) {
    Status s = cluster->Stop();
    if (!s.ok()) {
      std::fprintf(stderr, "xmatch: stopping PostgreSQL at exit: %s\n", s.ToString().c_str());
    }
  }
}

void InstallHandlers() {
  std::atexit(StopAllAtExit);
  struct sigaction action {};
  action.sa_handler = OnFatalSignal;
  sigfillset(&action.sa_mask);
  for (int sig : kHandledSignals) sigaction(sig, &action, &g_previous[sig]);
}

}  // namespace

void RegisterCluster(EmbeddedPostgres* cluster, pid_t postmaster_pid,
                     const std::string& data_dir, const std::string& socket_dir) {
  static std::once_flag installed;
  std::call_once(installed, InstallHandlers);

  std::string pid_file = data_dir + "/postmaster.pid";
  std::lock_guard lock(g_mutex);
  for (Slot& slot : g_slots) {
    if (slot.cluster != nullptr) continue;
    slot.cluster = cluster;
    slot.owner = getpid();
    std::snprintf(slot.pid_file, sizeof slot.pid_file, "%s", pid_file.c_str());
    std::snprintf(slot.socket_dir, sizeof slot.socket_dir, "%s", socket_dir.c_str());
    slot.postmaster.store(postmaster_pid, std::memory_order_release);
    return;
  }
  std::fprintf(stderr,
               "xmatch: more than %d embedded PostgreSQL servers in one process; the server "
               "in %s will not be stopped automatically if the process is interrupted\n",
               kMaxClusters, data_dir.c_str());
}

void UnregisterCluster(EmbeddedPostgres* cluster) {
  std::lock_guard lock(g_mutex);
  for (Slot& slot : g_slots) {
    if (slot.cluster != cluster) continue;
    slot.postmaster.store(0, std::memory_order_release);
    slot.cluster = nullptr;
  }
}

}  // namespace xmatch::store
