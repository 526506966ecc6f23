/* bench-proxy.h: a byte-counting HTTP/1.1 proxy on loopback.
 *
 * Listens on a free loopback port and forwards every connection, byte for
 * byte, to the upstream port.  It follows the HTTP/1.1 framing of both
 * directions (headers up to the blank line, then a Content-Length or chunked
 * body) to account each request with its response as one exchange: the
 * bytes of the request line, headers and body, and of the status line,
 * headers and body, exactly as they crossed the socket.  After a "101
 * Switching Protocols" answer, a connection carries WebSocket frames: each
 * is accounted whole (head, mask and payload) as a BenchFrame.  TCP/IP
 * headers and handshakes are not counted.
 */
#pragma once

#include <gio/gio.h>

G_BEGIN_DECLS

typedef struct
{
  char   *request_line;     /* "POST /v1/push HTTP/1.1" */
  guint   connection;       /* the proxy's number for the client connection */
  gint64  request_bytes;    /* head and body */
  gint64  request_head_bytes;
  gint64  response_bytes;   /* head and body; -1: the connection closed before a response */
  gint64  response_head_bytes;
  char   *request_text;     /* the first bytes of each, as sent */
  char   *response_text;
  guint   status;
  gint64  completed_us;     /* monotonic time the response ended (or the connection) */
} BenchExchange;

/* One WebSocket frame, either way. */
typedef struct
{
  guint     connection;
  gboolean  from_client;
  guint     opcode;           /* 1 text, 2 binary, 8 close, 9 ping, 10 pong */
  gint64    bytes;            /* head, mask and payload */
  char     *text;             /* the first bytes of the payload, unmasked */
  gint64    completed_us;
} BenchFrame;

typedef struct _BenchProxy BenchProxy;

BenchProxy *bench_proxy_new                  (guint        upstream_port,
                                              GError     **error);
guint       bench_proxy_get_port             (BenchProxy  *proxy);
/* The exchanges completed since the last call (BenchExchange, transfer full). */
GPtrArray  *bench_proxy_take_exchanges       (BenchProxy  *proxy);
/* The frames completed since the last call (BenchFrame, transfer full). */
GPtrArray  *bench_proxy_take_frames          (BenchProxy  *proxy);
/* Frozen, the proxy forwards nothing (and closes nothing) until thawed. */
void        bench_proxy_set_frozen           (BenchProxy  *proxy,
                                              gboolean     frozen);
/* Every byte forwarded so far, both ways. */
gint64      bench_proxy_get_total_bytes      (BenchProxy  *proxy);
void        bench_proxy_free                 (BenchProxy  *proxy);
void        bench_exchange_free              (BenchExchange *exchange);
void        bench_frame_free                 (BenchFrame    *frame);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (BenchProxy, bench_proxy_free)

G_END_DECLS
