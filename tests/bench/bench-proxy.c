/* bench-proxy.c: see bench-proxy.h.  Plain blocking sockets, two threads a
 * connection (one a direction), so that nothing but the copy sits between
 * the client and the server. */

#include "bench-proxy.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

struct _BenchProxy
{
  int        listen_fd;
  guint      port;
  guint      upstream_port;
  GThread   *acceptor;
  GMutex     lock;
  GPtrArray *exchanges;     /* BenchExchange, completed since the last take */
  GPtrArray *frames;        /* BenchFrame, completed since the last take */
  GPtrArray *connections;   /* Connection, to close at the end */
  guint      next_id;
  gsize      total_bytes;   /* atomic */
  gboolean   stopping;
  gint       frozen;        /* atomic: hold every byte, as a dead link would */
};

typedef enum
{
  PARSE_HEAD,
  PARSE_BODY,
  PARSE_CHUNK_SIZE,
  PARSE_CHUNK_DATA,
  PARSE_CHUNK_END,
  PARSE_TRAILER,
  PARSE_UNTIL_CLOSE,
  PARSE_FRAME_HEAD,         /* after a 101 upgrade: WebSocket frames */
  PARSE_FRAME_DATA,
} ParseState;

typedef struct
{
  gboolean   response;
  ParseState state;
  GString   *head;          /* the message head, or the current chunk line */
  char      *first_line;
  gint64     remaining;
  gint64     bytes;
  gint64     head_bytes;
  GString   *text;          /* the message's first CAPTURE_BYTES */
  guint8     mask[4];       /* the current frame's, if masked */
  gboolean   masked;
  guint      opcode;
  gint64     payload_seen;
} Parser;

#define CAPTURE_BYTES 4096

typedef struct
{
  char   *request_line;
  gint64  bytes;
  gint64  head_bytes;
  char   *text;
} Pending;

typedef struct
{
  BenchProxy *proxy;
  guint       id;
  int         client_fd;
  int         server_fd;
  GQueue      pending;      /* Pending, under proxy->lock */
  gint        refs;
  gint        upgraded;     /* atomic: a 101 went to the client */
} Connection;

typedef struct
{
  Connection *connection;
  int         from;
  int         to;
  Parser      parser;
} Pump;

void
bench_frame_free (BenchFrame *frame)
{
  g_free (frame->text);
  g_free (frame);
}

void
bench_exchange_free (BenchExchange *exchange)
{
  g_free (exchange->request_line);
  g_free (exchange->request_text);
  g_free (exchange->response_text);
  g_free (exchange);
}

/* Parsing -------------------------------------------------------------------- */

static gint64
header_value (const char *head,
              const char *name)
{
  g_autofree char *lower = g_ascii_strdown (head, -1);
  g_autofree char *key = g_strdup_printf ("\r\n%s:", name);
  const char *at = strstr (lower, key);

  return at ? g_ascii_strtoll (at + strlen (key), NULL, 10) : -1;
}

static gboolean
head_is_chunked (const char *head)
{
  g_autofree char *lower = g_ascii_strdown (head, -1);
  const char *at = strstr (lower, "\r\ntransfer-encoding:");
  const char *end;

  if (at == NULL)
    return FALSE;
  end = strstr (at + 2, "\r\n");
  return g_strstr_len (at, end ? end - at : -1, "chunked") != NULL;
}

static void message_done (Pump *pump);
static void frame_done (Pump *pump);

/* A WebSocket frame head (RFC 6455 5.2) is in p->head once this says so. */
static gboolean
frame_head_complete (Parser *p)
{
  const guint8 *h = (const guint8 *) p->head->str;
  gsize need;
  guint length7;

  if (p->head->len < 2)
    return FALSE;
  length7 = h[1] & 0x7f;
  need = 2 + (length7 == 126 ? 2 : length7 == 127 ? 8 : 0) + ((h[1] & 0x80) ? 4 : 0);
  if (p->head->len < need)
    return FALSE;
  p->opcode = h[0] & 0x0f;
  p->masked = (h[1] & 0x80) != 0;
  if (length7 == 126)
    p->remaining = ((gint64) h[2] << 8) | h[3];
  else if (length7 == 127)
    {
      p->remaining = 0;
      for (guint i = 2; i < 10; i++)
        p->remaining = (p->remaining << 8) | h[i];
    }
  else
    p->remaining = length7;
  if (p->masked)
    memcpy (p->mask, h + need - 4, 4);
  p->payload_seen = 0;
  g_string_truncate (p->head, 0);
  p->state = PARSE_FRAME_DATA;
  return TRUE;
}

/* A head is complete: its framing says how the body ends. */
static void
head_done (Pump *pump)
{
  Parser *p = &pump->parser;
  gint64 length = header_value (p->head->str, "content-length");
  gboolean chunked = head_is_chunked (p->head->str);
  guint status = 0;

  g_free (p->first_line);
  p->first_line = g_strndup (p->head->str, strcspn (p->head->str, "\r\n"));
  p->head_bytes = p->bytes;
  if (p->response)
    sscanf (p->first_line, "HTTP/%*s %u", &status);
  g_string_truncate (p->head, 0);
  if (p->response && status == 101)
    {
      /* Switching protocols: from here on both ways carry frames.  The
       * client sends none before it read this, which we forward after. */
      message_done (pump);
      g_atomic_int_set (&pump->connection->upgraded, 1);
      p->state = PARSE_FRAME_HEAD;
    }
  else if (p->response && (status == 204 || status == 304))
    message_done (pump);
  else if (chunked)
    p->state = PARSE_CHUNK_SIZE;
  else if (length > 0)
    {
      p->state = PARSE_BODY;
      p->remaining = length;
    }
  else if (length == 0 || !p->response)
    message_done (pump);
  else
    p->state = PARSE_UNTIL_CLOSE;
}

/* Feeds bytes that crossed in this direction. */
static void
parser_feed (Pump       *pump,
             const char *data,
             gsize       size)
{
  Parser *p = &pump->parser;

  while (size > 0)
    {
      gsize take = 1;
      void (*then) (Pump *) = NULL;
      gboolean chunk_line = FALSE;
      gboolean frame = FALSE;

      if (p->state == PARSE_HEAD && p->head->len == 0
          && g_atomic_int_get (&pump->connection->upgraded))
        p->state = PARSE_FRAME_HEAD;
      switch (p->state)
        {
        case PARSE_FRAME_HEAD:
          frame = TRUE;
          g_string_append_c (p->head, *data);
          if (frame_head_complete (p))
            then = p->remaining == 0 ? frame_done : NULL;
          break;
        case PARSE_FRAME_DATA:
          frame = TRUE;
          take = MIN ((gint64) size, p->remaining);
          for (gsize i = 0; i < take && p->text->len < CAPTURE_BYTES; i++)
            g_string_append_c (p->text, data[i] ^ (p->masked ? p->mask[(p->payload_seen + i) & 3] : 0));
          p->payload_seen += take;
          p->remaining -= take;
          if (p->remaining == 0)
            then = frame_done;
          break;
        case PARSE_HEAD:
          g_string_append_c (p->head, *data);
          if (g_str_has_suffix (p->head->str, "\r\n\r\n"))
            then = head_done;
          break;
        case PARSE_BODY:
          take = MIN ((gint64) size, p->remaining);
          p->remaining -= take;
          if (p->remaining == 0)
            then = message_done;
          break;
        case PARSE_CHUNK_SIZE:
        case PARSE_TRAILER:
          g_string_append_c (p->head, *data);
          chunk_line = g_str_has_suffix (p->head->str, "\r\n");
          break;
        case PARSE_CHUNK_DATA:
          take = MIN ((gint64) size, p->remaining);
          p->remaining -= take;
          if (p->remaining == 0)
            {
              p->state = PARSE_CHUNK_END;
              p->remaining = 2;
            }
          break;
        case PARSE_CHUNK_END:
          take = MIN ((gint64) size, p->remaining);
          p->remaining -= take;
          if (p->remaining == 0)
            p->state = PARSE_CHUNK_SIZE;
          break;
        case PARSE_UNTIL_CLOSE:
        default:
          take = size;
          break;
        }

      if (!frame && p->text->len < CAPTURE_BYTES)
        g_string_append_len (p->text, data, MIN (take, CAPTURE_BYTES - p->text->len));
      p->bytes += take;
      data += take;
      size -= take;

      if (chunk_line)
        {
          gboolean empty = p->head->len == 2;
          gint64 chunk = g_ascii_strtoll (p->head->str, NULL, 16);

          g_string_truncate (p->head, 0);
          if (p->state == PARSE_TRAILER && empty)
            then = message_done;
          else if (p->state == PARSE_CHUNK_SIZE && chunk == 0)
            p->state = PARSE_TRAILER;
          else if (p->state == PARSE_CHUNK_SIZE)
            {
              p->state = PARSE_CHUNK_DATA;
              p->remaining = chunk;
            }
        }
      if (then != NULL)
        then (pump);
    }
}

static void
message_done (Pump *pump)
{
  Parser *p = &pump->parser;
  Connection *c = pump->connection;
  BenchProxy *proxy = c->proxy;

  g_mutex_lock (&proxy->lock);
  if (!p->response)
    {
      Pending *pending = g_new0 (Pending, 1);

      pending->request_line = g_steal_pointer (&p->first_line);
      pending->bytes = p->bytes;
      pending->head_bytes = p->head_bytes;
      pending->text = g_strdup (p->text->str);
      g_queue_push_tail (&c->pending, pending);
    }
  else
    {
      Pending *pending = g_queue_pop_head (&c->pending);
      BenchExchange *exchange = g_new0 (BenchExchange, 1);

      exchange->request_line = pending ? g_steal_pointer (&pending->request_line) : g_strdup ("?");
      exchange->request_bytes = pending ? pending->bytes : 0;
      exchange->request_head_bytes = pending ? pending->head_bytes : 0;
      exchange->request_text = pending ? g_steal_pointer (&pending->text) : NULL;
      exchange->response_bytes = p->bytes;
      exchange->response_head_bytes = p->head_bytes;
      exchange->response_text = g_strdup (p->text->str);
      exchange->connection = c->id;
      exchange->completed_us = g_get_monotonic_time ();
      if (p->first_line != NULL)
        sscanf (p->first_line, "HTTP/%*s %u", &exchange->status);
      g_ptr_array_add (proxy->exchanges, exchange);
      if (pending != NULL)
        g_free (pending->text);
      g_free (pending);
    }
  g_mutex_unlock (&proxy->lock);
  g_clear_pointer (&p->first_line, g_free);
  g_string_truncate (p->head, 0);
  g_string_truncate (p->text, 0);
  p->state = PARSE_HEAD;
  p->bytes = 0;
  p->head_bytes = 0;
  p->remaining = 0;
}

static void
frame_done (Pump *pump)
{
  Parser *p = &pump->parser;
  Connection *c = pump->connection;
  BenchFrame *frame = g_new0 (BenchFrame, 1);

  frame->connection = c->id;
  frame->from_client = !p->response;
  frame->opcode = p->opcode;
  frame->bytes = p->bytes;
  frame->text = g_strdup (p->text->str);
  frame->completed_us = g_get_monotonic_time ();
  g_mutex_lock (&c->proxy->lock);
  g_ptr_array_add (c->proxy->frames, frame);
  g_mutex_unlock (&c->proxy->lock);
  g_string_truncate (p->head, 0);
  g_string_truncate (p->text, 0);
  p->state = PARSE_FRAME_HEAD;
  p->bytes = 0;
  p->remaining = 0;
}

/* Connections ------------------------------------------------------------------ */

static void
connection_unref (Connection *c)
{
  BenchProxy *proxy = c->proxy;
  Pending *pending;

  if (!g_atomic_int_dec_and_test (&c->refs))
    return;
  g_mutex_lock (&proxy->lock);
  /* Requests that never had an answer: a long poll cancelled by its client. */
  while ((pending = g_queue_pop_head (&c->pending)) != NULL)
    {
      BenchExchange *exchange = g_new0 (BenchExchange, 1);

      exchange->request_line = g_steal_pointer (&pending->request_line);
      exchange->request_bytes = pending->bytes;
      exchange->request_head_bytes = pending->head_bytes;
      exchange->request_text = g_steal_pointer (&pending->text);
      exchange->response_bytes = -1;
      exchange->connection = c->id;
      exchange->completed_us = g_get_monotonic_time ();
      g_ptr_array_add (proxy->exchanges, exchange);
      g_free (pending->text);
      g_free (pending);
    }
  g_ptr_array_remove (proxy->connections, c);
  g_mutex_unlock (&proxy->lock);
  close (c->client_fd);
  close (c->server_fd);
  g_free (c);
}

static gpointer
pump_main (gpointer data)
{
  Pump *pump = data;
  char buffer[65536];

  for (;;)
    {
      gssize n = recv (pump->from, buffer, sizeof buffer, 0);
      gssize sent = 0;

      if (n < 0 && errno == EINTR)
        continue;
      if (n <= 0)
        break;
      while (g_atomic_int_get (&pump->connection->proxy->frozen)
             && !g_atomic_int_get (&pump->connection->proxy->stopping))
        g_usleep (5000);
      g_atomic_pointer_add (&pump->connection->proxy->total_bytes, n);
      parser_feed (pump, buffer, (gsize) n);
      while (sent < n)
        {
          gssize m = send (pump->to, buffer + sent, (gsize) (n - sent), MSG_NOSIGNAL);

          if (m < 0 && errno == EINTR)
            continue;
          if (m <= 0)
            goto done;
          sent += m;
        }
    }
done:
  shutdown (pump->to, SHUT_WR);
  shutdown (pump->from, SHUT_RD);
  g_string_free (pump->parser.head, TRUE);
  g_string_free (pump->parser.text, TRUE);
  g_free (pump->parser.first_line);
  connection_unref (pump->connection);
  g_free (pump);
  return NULL;
}

static void
start_pump (Connection *c,
            int         from,
            int         to,
            gboolean    response)
{
  Pump *pump = g_new0 (Pump, 1);

  pump->connection = c;
  pump->from = from;
  pump->to = to;
  pump->parser.response = response;
  pump->parser.head = g_string_new (NULL);
  pump->parser.text = g_string_new (NULL);
  g_thread_unref (g_thread_new ("bench-proxy-pump", pump_main, pump));
}

static int
connect_upstream (guint port)
{
  struct sockaddr_in address = { 0 };
  int fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  int one = 1;

  address.sin_family = AF_INET;
  address.sin_port = htons ((guint16) port);
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  if (fd < 0 || connect (fd, (struct sockaddr *) &address, sizeof address) != 0)
    {
      if (fd >= 0)
        close (fd);
      return -1;
    }
  setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

static gpointer
accept_main (gpointer data)
{
  BenchProxy *proxy = data;

  for (;;)
    {
      int fd = accept4 (proxy->listen_fd, NULL, NULL, SOCK_CLOEXEC);
      int upstream, one = 1;
      Connection *c;

      if (fd < 0 && errno == EINTR)
        continue;
      if (fd < 0 || g_atomic_int_get (&proxy->stopping))
        {
          if (fd >= 0)
            close (fd);
          break;
        }
      if ((upstream = connect_upstream (proxy->upstream_port)) < 0)
        {
          close (fd);
          continue;
        }
      setsockopt (fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
      c = g_new0 (Connection, 1);
      c->proxy = proxy;
      c->client_fd = fd;
      c->server_fd = upstream;
      c->refs = 2;
      g_queue_init (&c->pending);
      g_mutex_lock (&proxy->lock);
      c->id = ++proxy->next_id;
      g_ptr_array_add (proxy->connections, c);
      g_mutex_unlock (&proxy->lock);
      start_pump (c, fd, upstream, FALSE);
      start_pump (c, upstream, fd, TRUE);
    }
  return NULL;
}

BenchProxy *
bench_proxy_new (guint    upstream_port,
                 GError **error)
{
  BenchProxy *proxy = g_new0 (BenchProxy, 1);
  struct sockaddr_in address = { 0 };
  socklen_t length = sizeof address;

  proxy->upstream_port = upstream_port;
  proxy->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_exchange_free);
  proxy->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_frame_free);
  proxy->connections = g_ptr_array_new ();
  g_mutex_init (&proxy->lock);
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl (INADDR_LOOPBACK);
  proxy->listen_fd = socket (AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (proxy->listen_fd < 0
      || bind (proxy->listen_fd, (struct sockaddr *) &address, sizeof address) != 0
      || listen (proxy->listen_fd, 64) != 0
      || getsockname (proxy->listen_fd, (struct sockaddr *) &address, &length) != 0)
    {
      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (errno), "Proxy: %s",
                   g_strerror (errno));
      bench_proxy_free (proxy);
      return NULL;
    }
  proxy->port = ntohs (address.sin_port);
  proxy->acceptor = g_thread_new ("bench-proxy", accept_main, proxy);
  return proxy;
}

guint
bench_proxy_get_port (BenchProxy *proxy)
{
  return proxy->port;
}

GPtrArray *
bench_proxy_take_exchanges (BenchProxy *proxy)
{
  GPtrArray *taken;

  g_mutex_lock (&proxy->lock);
  taken = g_steal_pointer (&proxy->exchanges);
  proxy->exchanges = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_exchange_free);
  g_mutex_unlock (&proxy->lock);
  return taken;
}

GPtrArray *
bench_proxy_take_frames (BenchProxy *proxy)
{
  GPtrArray *taken;

  g_mutex_lock (&proxy->lock);
  taken = g_steal_pointer (&proxy->frames);
  proxy->frames = g_ptr_array_new_with_free_func ((GDestroyNotify) bench_frame_free);
  g_mutex_unlock (&proxy->lock);
  return taken;
}

void
bench_proxy_set_frozen (BenchProxy *proxy,
                        gboolean    frozen)
{
  g_atomic_int_set (&proxy->frozen, frozen);
}

gint64
bench_proxy_get_total_bytes (BenchProxy *proxy)
{
  return (gint64) g_atomic_pointer_get (&proxy->total_bytes);
}

/* Stops accepting and cuts the connections still open; call once the
 * clients are gone. */
void
bench_proxy_free (BenchProxy *proxy)
{
  if (proxy == NULL)
    return;
  g_atomic_int_set (&proxy->stopping, TRUE);
  if (proxy->listen_fd >= 0)
    shutdown (proxy->listen_fd, SHUT_RDWR);
  if (proxy->acceptor != NULL)
    g_thread_join (proxy->acceptor);
  if (proxy->listen_fd >= 0)
    close (proxy->listen_fd);
  g_mutex_lock (&proxy->lock);
  for (guint i = 0; i < proxy->connections->len; i++)
    {
      Connection *c = proxy->connections->pdata[i];
      shutdown (c->client_fd, SHUT_RDWR);
      shutdown (c->server_fd, SHUT_RDWR);
    }
  g_mutex_unlock (&proxy->lock);
  /* The pumps end on their own and free their connection; wait for them. */
  for (guint i = 0; i < 200; i++)
    {
      gboolean empty;

      g_mutex_lock (&proxy->lock);
      empty = proxy->connections->len == 0;
      g_mutex_unlock (&proxy->lock);
      if (empty)
        break;
      g_usleep (10000);
    }
  g_ptr_array_unref (proxy->exchanges);
  g_ptr_array_unref (proxy->frames);
  g_ptr_array_unref (proxy->connections);
  g_mutex_clear (&proxy->lock);
  g_free (proxy);
}
