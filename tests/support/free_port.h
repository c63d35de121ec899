// FreePort: a loopback TCP port nothing listens on at the moment of asking, for the tests
// that start `xmatch serve` or `xmatch demo` on a port of their own (the config refuses
// port 0). Another process may take it before the server binds it: good enough for tests.
#pragma once

#include <cstdint>
#include <utility>  // before Boost.Asio 1.74, which uses std::exchange without it

#include <boost/asio/ip/tcp.hpp>

namespace xmatch::testing {

inline uint16_t FreePort() {
  boost::asio::io_context ioc;
  boost::asio::ip::tcp::acceptor acceptor(
      ioc, boost::asio::ip::tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
  return acceptor.local_endpoint().port();
}

}  // namespace xmatch::testing
