// One HTTP/1.1 request and its response over an open stream (a TCP socket or a TLS
// stream), for the tests that talk to `xmatch serve` as a browser would.
#pragma once

#include <string>
#include <utility>  // before Boost.Asio 1.74, which uses std::exchange without it

#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace xmatch::testing {

// Sends `verb target` with an optional JSON body and Cookie header, keeping the
// connection open for the next request, and reads the whole response.
template <class Stream>
boost::beast::http::response<boost::beast::http::string_body> HttpExchange(
    Stream& stream, boost::beast::http::verb verb, const std::string& target,
    const std::string& body = "", const std::string& cookie = "") {
  namespace http = boost::beast::http;
  http::request<http::string_body> request{verb, target, 11};
  request.set(http::field::host, "127.0.0.1");
  request.keep_alive(true);
  if (!cookie.empty()) request.set(http::field::cookie, cookie);
  if (!body.empty()) {
    request.set(http::field::content_type, "application/json");
    request.body() = body;
  }
  request.prepare_payload();
  http::write(stream, request);
  boost::beast::flat_buffer buffer;
  http::response<http::string_body> response;
  http::read(stream, buffer, response);
  return response;
}

}  // namespace xmatch::testing
