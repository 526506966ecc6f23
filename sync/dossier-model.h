/* dossier-model.h: the record kinds of the replica and their fields.
 *
 * One table describes every kind (its SQL table, its fields and their types)
 * so that the store, the sync engine and the UI validate the same way.  A test
 * checks this table against the columns the migrations create.
 */
#pragma once

#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum
{
  DOSSIER_FIELD_TEXT,
  DOSSIER_FIELD_INTEGER,
  DOSSIER_FIELD_REAL,
  DOSSIER_FIELD_BOOLEAN,       /* 0/1 in SQLite, true/false in JSON */
  DOSSIER_FIELD_DATE,          /* YYYY-MM-DD */
  DOSSIER_FIELD_TIMESTAMP,     /* ISO 8601 with a time zone */
  DOSSIER_FIELD_LIST,          /* JSON array of strings */
  DOSSIER_FIELD_REFERENCE,     /* UUID of another record */
} DossierFieldType;

typedef enum
{
  DOSSIER_FIELD_FLAG_NONE         = 0,
  DOSSIER_FIELD_FLAG_SEARCH_TITLE = 1 << 0,   /* indexed, weighted high */
  DOSSIER_FIELD_FLAG_SEARCH_BODY  = 1 << 1,   /* indexed */
  DOSSIER_FIELD_FLAG_CRITICAL     = 1 << 2,   /* a conflict on it is always shown */
} DossierFieldFlags;

typedef enum
{
  DOSSIER_KIND_FLAG_NONE        = 0,
  DOSSIER_KIND_FLAG_APPEND_ONLY = 1 << 0,     /* created once, never changed or deleted */
  DOSSIER_KIND_FLAG_SET_MEMBER  = 1 << 1,     /* member of a case's add-wins set */
} DossierKindFlags;

typedef struct
{
  const char       *name;
  DossierFieldType  type;
  DossierFieldFlags flags;
} DossierFieldSpec;

/* The most fields a kind has: a set of a record's fields fits in 64 bits. */
#define DOSSIER_MODEL_MAX_FIELDS 64

typedef struct
{
  const char             *name;      /* "case" */
  const char             *table;     /* "cases" */
  const DossierFieldSpec *fields;
  guint                   n_fields;
  DossierKindFlags        flags;
} DossierKindSpec;

#define DOSSIER_MODEL_ERROR (dossier_model_error_quark ())

typedef enum
{
  DOSSIER_MODEL_ERROR_UNKNOWN_KIND,
  DOSSIER_MODEL_ERROR_UNKNOWN_FIELD,
  DOSSIER_MODEL_ERROR_INVALID_VALUE,
} DossierModelError;

GQuark                  dossier_model_error_quark     (void);
const DossierKindSpec  *const *dossier_model_get_kinds (guint                  *n_kinds);
const DossierKindSpec  *dossier_model_lookup_kind     (const char             *kind,
                                                       GError                **error);
const DossierFieldSpec *dossier_kind_spec_lookup_field (const DossierKindSpec  *kind,
                                                       const char             *field);
gboolean                dossier_model_validate_value  (const DossierKindSpec  *kind,
                                                       const DossierFieldSpec *field,
                                                       JsonNode               *value,
                                                       GError                **error);
char                   *dossier_model_new_id          (void);
gboolean                dossier_model_is_uuid         (const char             *text);

G_END_DECLS
