// The review server through real sockets: plain HTTP and HTTPS (a self-signed
// certificate made here with OpenSSL), keep-alive, and malformed or oversized requests.
#include "review/http_server.h"

#include <cstdio>
#include <filesystem>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "review/tests/review_test_env.h"
#include "tests/support/http_exchange.h"

namespace xmatch::review {
namespace {

namespace net = boost::asio;
namespace http = boost::beast::http;
using tcp = net::ip::tcp;
using ::testing::HasSubstr;
using ::testing::StartsWith;
using xmatch::testing::HttpExchange;

// Writes a self-signed P-256 certificate for 127.0.0.1 and its key as PEM files.
void MakeSelfSignedCertificate(const std::string& cert_path, const std::string& key_path) {
  EVP_PKEY* key = EVP_EC_gen("P-256");
  ASSERT_NE(key, nullptr);
  X509* cert = X509_new();
  X509_set_version(cert, 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), 0);
  X509_gmtime_adj(X509_getm_notAfter(cert), 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>("127.0.0.1"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  ASSERT_GT(X509_sign(cert, key, EVP_sha256()), 0);
  FILE* f = std::fopen(cert_path.c_str(), "w");
  PEM_write_X509(f, cert);
  std::fclose(f);
  f = std::fopen(key_path.c_str(), "w");
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
  X509_free(cert);
  EVP_PKEY_free(key);
}

class HttpServerTest : public ReviewTest {
 protected:
  void SetUp() override {
    ReviewTest::SetUp();
    AddTestUser("wang", Role::kTownshipStaff, {"411222100"});
    dir_ = std::filesystem::temp_directory_path() /
           ("xmatch-http-test-" + std::to_string(::getpid()));
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
    ReviewTest::TearDown();
  }
  void StartServer(HttpServerOptions options) {
    options.listen = "127.0.0.1:0";
    options.threads = 2;
    ReviewAppOptions app_options;
    app_options.https = !options.tls_cert_file.empty();
    MakeApp(app_options);
    server_ = std::make_unique<HttpServer>(
        options, [this](ApiRequest request) { return app().Handle(std::move(request)); });
    Status started = server_->Start();
    ASSERT_TRUE(started.ok()) << started.ToString();
  }
  tcp::socket Connect() {
    tcp::socket socket(ioc_);
    socket.connect(tcp::endpoint(net::ip::make_address("127.0.0.1"), server_->port()));
    return socket;
  }
  // Sends raw bytes and returns whatever comes back until the server closes.
  std::string RawExchange(const std::string& bytes) {
    tcp::socket socket = Connect();
    net::write(socket, net::buffer(bytes));
    std::string answer;
    boost::system::error_code ec;
    char chunk[4096];
    while (!ec) {
      size_t n = socket.read_some(net::buffer(chunk), ec);
      answer.append(chunk, n);
    }
    return answer;
  }

  std::filesystem::path dir_;
  net::io_context ioc_;
  std::unique_ptr<HttpServer> server_;
};

const std::string kLoginBody = R"({"username": "wang", "password": "correct-horse-42"})";

TEST_F(HttpServerTest, PlainHttpLoginAndMeOnOneKeptAliveConnection) {
  StartServer({});
  EXPECT_FALSE(server_->tls());
  tcp::socket socket = Connect();
  auto login = HttpExchange(socket, http::verb::post, "/api/login", kLoginBody);
  ASSERT_EQ(login.result_int(), 200) << login.body();
  std::string set_cookie(login[http::field::set_cookie]);
  EXPECT_THAT(set_cookie, HasSubstr("HttpOnly"));
  EXPECT_THAT(set_cookie, ::testing::Not(HasSubstr("Secure")));
  std::string cookie = set_cookie.substr(0, set_cookie.find(';'));
  auto me = HttpExchange(socket, http::verb::get, "/api/me?x=%E5%A4%A7", "", cookie);
  EXPECT_EQ(me.result_int(), 200) << me.body();
  EXPECT_THAT(me.body(), HasSubstr("\"wang\""));
  EXPECT_EQ(me[http::field::content_type], "application/json; charset=utf-8");
  auto live = HttpExchange(socket, http::verb::get, "/livez");
  EXPECT_EQ(live.result_int(), 200);
}

TEST_F(HttpServerTest, HttpsWithASelfSignedCertificateAndSecureCookie) {
  HttpServerOptions options;
  options.tls_cert_file = (dir_ / "cert.pem").string();
  options.tls_key_file = (dir_ / "key.pem").string();
  MakeSelfSignedCertificate(options.tls_cert_file, options.tls_key_file);
  StartServer(options);
  EXPECT_TRUE(server_->tls());

  net::ssl::context client(net::ssl::context::tls_client);
  client.load_verify_file(options.tls_cert_file);
  client.set_verify_mode(net::ssl::verify_peer);
  net::ssl::stream<tcp::socket> stream(Connect(), client);
  stream.handshake(net::ssl::stream_base::client);
  auto login = HttpExchange(stream, http::verb::post, "/api/login", kLoginBody);
  ASSERT_EQ(login.result_int(), 200) << login.body();
  EXPECT_THAT(std::string(login[http::field::set_cookie]), HasSubstr("; Secure"));
  auto ready = HttpExchange(stream, http::verb::get, "/readyz");
  EXPECT_EQ(ready.result_int(), 200);

  // Plain HTTP to the HTTPS port gets nowhere, and the server keeps serving.
  std::string plain = RawExchange("GET /livez HTTP/1.1\r\nHost: x\r\n\r\n");
  EXPECT_THAT(plain, ::testing::Not(HasSubstr("200 OK")));
  net::ssl::stream<tcp::socket> again(Connect(), client);
  again.handshake(net::ssl::stream_base::client);
  EXPECT_EQ(HttpExchange(again, http::verb::get, "/livez").result_int(), 200);
}

TEST_F(HttpServerTest, AnUnreadableCertificateIsAClearStartUpError) {
  HttpServerOptions options;
  options.listen = "127.0.0.1:0";
  options.tls_cert_file = (dir_ / "missing.pem").string();
  options.tls_key_file = (dir_ / "missing-key.pem").string();
  HttpServer server(options, [](ApiRequest) { return ApiResponse{}; });
  Status started = server.Start();
  EXPECT_FALSE(started.ok());
  EXPECT_THAT(started.message(), HasSubstr("missing.pem"));
}

TEST_F(HttpServerTest, MalformedRequestsGet400AndTheServerCarriesOn) {
  StartServer({});
  EXPECT_THAT(RawExchange("NONSENSE\r\n\r\n"), StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(RawExchange("GET /a/../etc/passwd HTTP/1.1\r\nHost: x\r\n\r\n"),
              StartsWith("HTTP/1.1 400"));
  EXPECT_THAT(RawExchange("GET /x?q=%zz HTTP/1.1\r\nHost: x\r\n\r\n"), StartsWith("HTTP/1.1 400"));
  tcp::socket socket = Connect();
  EXPECT_EQ(HttpExchange(socket, http::verb::get, "/livez").result_int(), 200);
}

TEST_F(HttpServerTest, OversizedBodiesAndHeadersAreRefused) {
  HttpServerOptions options;
  options.max_body_bytes = 1024;
  options.max_header_bytes = 2048;
  StartServer(options);
  std::string big_body(4096, 'x');
  EXPECT_THAT(RawExchange("POST /api/login HTTP/1.1\r\nHost: x\r\nContent-Length: 4096\r\n\r\n" +
                          big_body),
              StartsWith("HTTP/1.1 413"));
  EXPECT_THAT(RawExchange("GET /livez HTTP/1.1\r\nHost: x\r\nX-Big: " + std::string(4096, 'y') +
                          "\r\n\r\n"),
              StartsWith("HTTP/1.1 431"));
}

}  // namespace
}  // namespace xmatch::review
