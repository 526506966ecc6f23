/* dossier-server-blobs.c: the attachment endpoints, /v1/blobs/<sha256>...
 *
 * Uploads come in chunks at the offset the server has reached, so a cut
 * upload resumes from the status; downloads honour "Range: bytes=N-" so a
 * cut download resumes too.  Any logged-in user may read a blob whose hash
 * they know: hashes only travel inside attachment records, which the
 * office scopes already filter.
 */

#include "dossier-server-private.h"

#include <string.h>

static DossierServerReply *
reply_status (guint                          status,
              const DossierServerBlobStatus *blob,
              gboolean                       with_size)
{
  g_autoptr(JsonBuilder) builder = dossier_server_builder_new ();

  if (with_size)
    {
      json_builder_set_member_name (builder, "size");
      json_builder_add_int_value (builder, blob->size);
    }
  json_builder_set_member_name (builder, "received");
  json_builder_add_int_value (builder, blob->received);
  json_builder_set_member_name (builder, "complete");
  json_builder_add_boolean_value (builder, blob->complete);
  return dossier_server_reply_json (status, builder);
}

static DossierServerReply *
reply_offset_mismatch (GError                        *error,
                       const DossierServerBlobStatus *blob)
{
  g_autoptr(JsonBuilder) builder = dossier_server_error_builder ("offset_mismatch",
                                                                 error->message);

  /* "received" in the error and at the top, for either way of reading it. */
  json_builder_set_member_name (builder, "received");
  json_builder_add_int_value (builder, blob->received);
  json_builder_end_object (builder);
  json_builder_set_member_name (builder, "received");
  json_builder_add_int_value (builder, blob->received);
  return dossier_server_reply_json (409, builder);
}

static DossierServerReply *
handle_put (const DossierServerContext *context,
            const DossierServerRequest *request,
            const char                 *sha256)
{
  DossierServerBlobStatus blob = { 0 };
  g_autoptr(GError) error = NULL;
  gint64 offset, size;
  GBytes *chunk = request->body;
  g_autoptr(GBytes) empty = NULL;

  if (!dossier_server_query_int (request, "offset", -1, &offset) || offset < 0
      || !dossier_server_query_int (request, "size", -1, &size) || size < 0)
    return dossier_server_reply_error (400, "invalid_request",
                                       "An upload needs “offset” and “size” (bytes, 0 or more)");
  if (chunk == NULL)
    chunk = empty = g_bytes_new_static ("", 0);
  if (g_bytes_get_size (chunk) > DOSSIER_SERVER_MAX_CHUNK)
    return dossier_server_reply_error (413, "payload_too_large",
                                       "A chunk holds at most 4 MiB");

  if (dossier_server_store_blob_append (context->store, sha256, offset, size, chunk, &blob,
                                        &error))
    return reply_status (200, &blob, FALSE);
  if (g_error_matches (error, DOSSIER_SERVER_STORE_ERROR,
                       DOSSIER_SERVER_STORE_ERROR_OFFSET_MISMATCH))
    return reply_offset_mismatch (error, &blob);
  return dossier_server_reply_store_error (error);
}

static DossierServerReply *
handle_status (const DossierServerContext *context,
               const DossierServerRequest *request,
               const char                 *sha256)
{
  DossierServerBlobStatus blob = { 0 };
  g_autoptr(GError) error = NULL;
  DossierServerReply *reply;

  if ((reply = dossier_server_check_query_protocol (request, TRUE)) != NULL)
    return reply;
  if (!dossier_server_store_blob_status (context->store, sha256, &blob, &error))
    return dossier_server_reply_store_error (error);
  return reply_status (200, &blob, TRUE);
}

/* "bytes=N-" or "bytes=N-M": FALSE for anything else, which is then ignored. */
static gboolean
parse_range (const char *range,
             gint64     *out_first,
             gint64     *out_last)
{
  g_auto(GStrv) parts = NULL;

  if (range == NULL || !g_str_has_prefix (range, "bytes=") || strchr (range, ',') != NULL)
    return FALSE;
  parts = g_strsplit (range + strlen ("bytes="), "-", 2);
  if (g_strv_length (parts) != 2 || parts[0][0] == '\0'
      || !g_ascii_string_to_signed (parts[0], 10, 0, G_MAXINT64, out_first, NULL))
    return FALSE;
  *out_last = G_MAXINT64;
  if (parts[1][0] != '\0'
      && !g_ascii_string_to_signed (parts[1], 10, *out_first, G_MAXINT64, out_last, NULL))
    return FALSE;
  return TRUE;
}

static DossierServerReply *
reply_unsatisfiable (gint64 size)
{
  DossierServerReply *reply = dossier_server_reply_error (416, "invalid_request",
                                                          "The range starts past the blob's end");

  reply->content_range = g_strdup_printf ("bytes */%" G_GINT64_FORMAT, size);
  return reply;
}

static DossierServerReply *
handle_download (const DossierServerContext *context,
                 const DossierServerRequest *request,
                 const char                 *sha256)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) bytes = NULL;
  DossierServerBlobStatus blob = { 0 };
  DossierServerReply *reply;
  gint64 first = 0, last = 0, size = 0;
  gboolean ranged;

  if ((reply = dossier_server_check_query_protocol (request, FALSE)) != NULL)
    return reply;
  ranged = parse_range (request->range, &first, &last);
  if (ranged && dossier_server_store_blob_status (context->store, sha256, &blob, NULL)
      && blob.complete && first >= blob.size)
    return reply_unsatisfiable (blob.size);

  bytes = dossier_server_store_blob_read (context->store, sha256, ranged ? first : 0, &size,
                                          &error);
  if (bytes == NULL && g_error_matches (error, DOSSIER_SERVER_STORE_ERROR,
                                        DOSSIER_SERVER_STORE_ERROR_INVALID))
    return reply_unsatisfiable (blob.size);
  if (bytes == NULL)
    return dossier_server_reply_store_error (error);

  reply = g_new0 (DossierServerReply, 1);
  reply->status = ranged ? 206 : 200;
  reply->content_type = "application/octet-stream";
  if (ranged)
    {
      last = MIN (last, size - 1);
      reply->body = g_bytes_new_from_bytes (bytes, 0, last - first + 1);
      reply->content_range = g_strdup_printf ("bytes %" G_GINT64_FORMAT "-%" G_GINT64_FORMAT
                                              "/%" G_GINT64_FORMAT, first, last, size);
    }
  else
    reply->body = g_steal_pointer (&bytes);
  return reply;
}

/**
 * dossier_server_handle_blobs:
 * @rest: the path after "/v1/blobs/": "<sha256>" or "<sha256>/status"
 */
DossierServerReply *
dossier_server_handle_blobs (const DossierServerContext *context,
                             const DossierServerRequest *request,
                             const char                 *rest)
{
  g_autoptr(DossierServerSession) session = NULL;
  g_autofree char *sha256 = g_strndup (rest, strcspn (rest, "/"));
  const char *tail = rest + strlen (sha256);
  gboolean get = strcmp (request->method, "GET") == 0;
  DossierServerReply *reply = NULL;

  if ((session = dossier_server_authenticate (context, request, &reply)) == NULL)
    return reply;
  if (!dossier_server_is_sha256 (sha256))
    return dossier_server_reply_error (400, "invalid_request",
                                       "A blob is named by its SHA-256 in 64 lower-case hex digits");
  if (strcmp (tail, "/status") == 0)
    return get ? handle_status (context, request, sha256)
               : dossier_server_reply_error (405, "invalid_request", "Use GET here");
  if (tail[0] != '\0')
    return dossier_server_reply_error (404, "not_found", "No such endpoint");
  if (strcmp (request->method, "PUT") == 0)
    return handle_put (context, request, sha256);
  if (get)
    return handle_download (context, request, sha256);
  return dossier_server_reply_error (405, "invalid_request", "Use PUT or GET here");
}
