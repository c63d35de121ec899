// main() for integration test binaries: runs the tests, then stops the private
// PostgreSQL on every way out. Returning from main and exit() run Shutdown here;
// signals and crashes (a failed assert, std::terminate) are covered by the store
// module's cluster registry (store/cluster_registry.h).
#include <cstdlib>

#include <gtest/gtest.h>

#include "tests/support/pg_fixture.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  std::atexit([] { xmatch::testing::PgTestServer::Shutdown(); });
  int result = RUN_ALL_TESTS();
  xmatch::testing::PgTestServer::Shutdown();
  return result;
}
