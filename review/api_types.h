// The plain request and response the review API's handlers see. The HTTP layer
// (review/http_server.h) turns Beast messages into these and back, so that routing and
// handlers are ordinary functions that tests call without sockets.
#pragma once

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

namespace xmatch::review {

struct ApiRequest {
  std::string method;                         // "GET", "POST", ...
  std::string path;                           // decoded, without the query: "/api/clues/17"
  std::map<std::string, std::string> query;   // decoded query parameters (last one wins)
  std::map<std::string, std::string> headers; // lower-case names
  std::string body;
  std::vector<std::string> path_params;       // what the route's {placeholders} matched
  std::string remote_address;
};

struct ApiResponse {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // e.g. Set-Cookie, Content-Disposition
};

// A JSON answer with `status`.
ApiResponse JsonResponse(const nlohmann::json& body, int status = 200);
// The error shape of review/API.md: {"error": code, "message": message}. `message` is for
// the user, in Chinese, and names the parameter at fault when there is one.
ApiResponse JsonError(int status, const std::string& code, const std::string& message);

}  // namespace xmatch::review
