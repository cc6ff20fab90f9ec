// How the HTTP layer frames responses on the wire (server/http_server.cpp writes the head
// itself): status line, Content-Length, the Connection field for HTTP/1.0 and 1.1, HEAD,
// pipelined requests, and header fields the application gave with CR or LF in them.
// Raw sockets, so nothing between the test and the bytes interprets them.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <string>

#include "http_server.hpp"

namespace masscivic::server {
namespace {

// Answers every path with its own text; "/bad-header" also sets fields that would split the
// header section.
class EchoApp : public HttpApp {
  public:
    void handle(HttpRequest& req, HttpResponse& res) override {
        res.set_header("Content-Type", "text/plain");
        if (req.path == "/bad-header") {
            res.set_header("X-Injected", "a\r\nSet-Cookie: evil=1");
            res.set_header("X-Bad\nName", "b");
        }
        if (req.path == "/empty") {
            res.status = 204;
            res.has_content = false;
            return;
        }
        res.body = std::make_shared<const std::string>("path " + req.path);
    }
    void reject(int status, const HttpRequest&, HttpResponse& res) override {
        res.body = std::make_shared<const std::string>("rejected " + std::to_string(status));
    }
};

class Framing : public ::testing::Test {
  protected:
    Framing() : server_(app_, 1) {
        port_ = server_.listen("127.0.0.1", 0);
        server_.start();
    }
    ~Framing() override {
        server_.stop();
        server_.wait();
    }
    // Sends `raw`, returns everything read until the server closes or 1 s of silence.
    std::string exchange(const std::string& raw) {
        int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_port = htons(port_);
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        EXPECT_EQ(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
        timeval tv{1, 0};
        ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
        EXPECT_EQ(::send(fd, raw.data(), raw.size(), 0), static_cast<ssize_t>(raw.size()));
        std::string out;
        char buf[4096];
        for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) out.append(buf, n);
        ::close(fd);
        return out;
    }
    static bool has(const std::string& s, const std::string& part) { return s.find(part) != std::string::npos; }

    EchoApp app_;
    HttpServer server_;
    unsigned short port_ = 0;
};

TEST_F(Framing, Http11KeepsTheConnectionAndSaysCloseOnlyWhenClosing) {
    auto out = exchange("GET /a HTTP/1.1\r\nHost: x\r\n\r\n");
    EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << out;
    EXPECT_TRUE(has(out, "\r\nContent-Length: 7\r\n")) << out;
    EXPECT_FALSE(has(out, "Connection:")) << out;
    EXPECT_TRUE(out.ends_with("\r\n\r\npath /a")) << out;
    auto closing = exchange("GET /a HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_TRUE(has(closing, "\r\nConnection: close\r\n")) << closing;
}

TEST_F(Framing, Http10ClosesUnlessAskedToKeepAlive) {
    auto out = exchange("GET /a HTTP/1.0\r\n\r\n");
    EXPECT_EQ(out.rfind("HTTP/1.0 200 OK\r\n", 0), 0u) << out;
    EXPECT_FALSE(has(out, "Connection:")) << out;
    auto kept = exchange("GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n");
    EXPECT_TRUE(has(kept, "\r\nConnection: keep-alive\r\n")) << kept;
    EXPECT_TRUE(has(kept, "path /b")) << "the connection stayed open for the second request:\n" << kept;
}

TEST_F(Framing, PipelinedRequestsAreAnsweredInOrder) {
    auto out = exchange("GET /one HTTP/1.1\r\nHost: x\r\n\r\nHEAD /two HTTP/1.1\r\nHost: x\r\n\r\n"
                        "GET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    auto one = out.find("path /one"), three = out.find("path /three");
    ASSERT_NE(one, std::string::npos) << out;
    ASSERT_NE(three, std::string::npos) << out;
    EXPECT_LT(one, three);
    // HEAD: the GET's Content-Length, no body.
    EXPECT_TRUE(has(out, "Content-Length: 9\r\n\r\nHTTP/1.1 200 OK")) << out;
    EXPECT_FALSE(has(out, "path /two")) << out;
}

TEST_F(Framing, NoContentHasNoLength) {
    auto out = exchange("GET /empty HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(out.rfind("HTTP/1.1 204 No Content\r\n", 0), 0u) << out;
    EXPECT_FALSE(has(out, "Content-Length")) << out;
    EXPECT_TRUE(out.ends_with("\r\n\r\n")) << out;
}

TEST_F(Framing, FieldsThatWouldSplitTheHeadAreLeftOut) {
    auto out = exchange("GET /bad-header HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
    EXPECT_EQ(out.rfind("HTTP/1.1 200 OK\r\n", 0), 0u) << out;
    EXPECT_FALSE(has(out, "Set-Cookie")) << out;
    EXPECT_FALSE(has(out, "X-Injected")) << out;
    EXPECT_FALSE(has(out, "X-Bad")) << out;
    EXPECT_TRUE(out.ends_with("\r\n\r\npath /bad-header")) << out;
}

TEST_F(Framing, UnreadableRequestGets400AndClose) {
    auto out = exchange("NOT HTTP AT ALL\r\n\r\n");
    EXPECT_EQ(out.rfind("HTTP/1.1 400 Bad Request\r\n", 0), 0u) << out;
    EXPECT_TRUE(has(out, "\r\nConnection: close\r\n")) << out;
    EXPECT_TRUE(out.ends_with("rejected 400")) << out;
}

}  // namespace
}  // namespace masscivic::server
