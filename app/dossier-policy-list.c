/* dossier-policy-list.c: the tree of policy notes.
 *
 * Rows are countries (sorted by their name in the user's language), then
 * visa types, then notes.  The tree is rebuilt whole when the notes change
 * and filtered in place (a GtkTreeModelFilter) as the user types, so the
 * selection survives filtering.  Group rows stay visible while one of their
 * notes does.
 */

#include <glib/gi18n.h>

#include "dossier-policy-list.h"
#include "dossier-policy-note.h"

enum
{
  COLUMN_TEXT,
  COLUMN_WEIGHT,
  COLUMN_LEVEL,
  COLUMN_ID,
  COLUMN_COUNTRY,
  COLUMN_VISA_TYPE,
  COLUMN_NOTE,
  N_COLUMNS
};

typedef enum
{
  LEVEL_COUNTRY,
  LEVEL_VISA_TYPE,
  LEVEL_NOTE,
} RowLevel;

struct _DossierPolicyList
{
  GtkBox              parent_instance;

  GtkSearchEntry     *filter_entry;
  GtkStack           *list_stack;
  GtkTreeView        *tree_view;
  GtkLabel           *empty_title_label;
  GtkLabel           *empty_hint_label;

  GtkTreeStore       *store;
  GtkTreeModel       *filter_model;
  char               *filter_text;
  GHashTable         *search_hits;
  char               *selected_id;
  char               *selected_country;
  char               *selected_visa_type;
  guint               n_notes;
  gboolean            selecting;
};

G_DEFINE_FINAL_TYPE (DossierPolicyList, dossier_policy_list, GTK_TYPE_BOX)

enum
{
  NOTE_SELECTED,
  NEW_NOTE,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static gboolean
note_is_visible (DossierPolicyList *self,
                 const char        *id,
                 JsonObject        *note)
{
  if (self->search_hits != NULL && (id == NULL || !g_hash_table_contains (self->search_hits, id)))
    return FALSE;
  return dossier_policy_note_matches_filter (note, self->filter_text);
}

static gboolean
row_is_visible (DossierPolicyList *self,
                GtkTreeModel      *model,
                GtkTreeIter       *iter)
{
  g_autoptr(JsonObject) note = NULL;
  g_autofree char *id = NULL;
  GtkTreeIter child;
  int level;

  gtk_tree_model_get (model, iter, COLUMN_LEVEL, &level, COLUMN_ID, &id, COLUMN_NOTE, &note, -1);
  if (level == LEVEL_NOTE)
    return note_is_visible (self, id, note);

  if (gtk_tree_model_iter_children (model, &child, iter))
    do
      if (row_is_visible (self, model, &child))
        return TRUE;
    while (gtk_tree_model_iter_next (model, &child));
  return FALSE;
}

static gboolean
filter_visible_func (GtkTreeModel *model,
                     GtkTreeIter  *iter,
                     gpointer      user_data)
{
  return row_is_visible (user_data, model, iter);
}

static const char *
member_string (JsonObject *note,
               const char *name)
{
  JsonNode *node = json_object_get_member (note, name);

  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node)
      || json_node_get_value_type (node) != G_TYPE_STRING
      || *json_node_get_string (node) == '\0')
    return NULL;
  return json_node_get_string (node);
}

static void
append_group (GtkTreeStore *store,
              GtkTreeIter  *iter,
              GtkTreeIter  *parent,
              RowLevel      level,
              const char   *text,
              JsonObject   *note)
{
  gtk_tree_store_insert_with_values (store, iter, parent, -1,
                                     COLUMN_TEXT, text,
                                     COLUMN_WEIGHT, level == LEVEL_COUNTRY ? PANGO_WEIGHT_BOLD
                                                                           : PANGO_WEIGHT_NORMAL,
                                     COLUMN_LEVEL, level,
                                     COLUMN_COUNTRY, member_string (note, "country"),
                                     COLUMN_VISA_TYPE, level == LEVEL_VISA_TYPE
                                                       ? member_string (note, "visa_type") : NULL,
                                     -1);
}

static void
append_note (GtkTreeStore *store,
             GtkTreeIter  *parent,
             JsonObject   *note)
{
  const char *title = member_string (note, "title");

  gtk_tree_store_insert_with_values (store, NULL, parent, -1,
                                     COLUMN_TEXT, title != NULL ? title : _("Untitled note"),
                                     COLUMN_WEIGHT, PANGO_WEIGHT_NORMAL,
                                     COLUMN_LEVEL, LEVEL_NOTE,
                                     COLUMN_ID, member_string (note, "id"),
                                     COLUMN_COUNTRY, member_string (note, "country"),
                                     COLUMN_VISA_TYPE, member_string (note, "visa_type"),
                                     COLUMN_NOTE, note,
                                     -1);
}

/* `notes` is sorted: a new group starts wherever the country or visa type changes. */
static void
fill_store (GtkTreeStore *store,
            GPtrArray    *notes)
{
  GtkTreeIter country_iter, visa_iter;
  const char *country = NULL, *visa_type = NULL;

  for (guint i = 0; i < notes->len; i++)
    {
      JsonObject *note = g_ptr_array_index (notes, i);
      const char *note_country = member_string (note, "country");
      const char *note_visa_type = member_string (note, "visa_type");
      gboolean new_country = i == 0 || g_strcmp0 (country, note_country) != 0;

      if (new_country)
        append_group (store, &country_iter, NULL, LEVEL_COUNTRY,
                      note_country != NULL ? dossier_policy_country_get_name (note_country)
                                           : _("No country"),
                      note);
      if (new_country || g_strcmp0 (visa_type, note_visa_type) != 0)
        append_group (store, &visa_iter, &country_iter, LEVEL_VISA_TYPE,
                      note_visa_type != NULL ? dossier_policy_visa_type_get_label (note_visa_type)
                                             : _("No visa type"),
                      note);
      append_note (store, &visa_iter, note);
      country = note_country;
      visa_type = note_visa_type;
    }
}

static void
update_empty_state (DossierPolicyList *self)
{
  gboolean empty = gtk_tree_model_iter_n_children (self->filter_model, NULL) == 0;

  if (self->n_notes == 0)
    {
      gtk_label_set_text (self->empty_title_label, _("No policy notes yet"));
      gtk_label_set_text (self->empty_hint_label,
                          _("Write down what a country asks for a visa type "
                            "with the New Note button."));
    }
  else
    {
      gtk_label_set_text (self->empty_title_label, _("No notes match"));
      gtk_label_set_text (self->empty_hint_label, _("Try other words, or clear the filter."));
    }
  gtk_stack_set_visible_child_name (self->list_stack, empty ? "empty" : "list");
}

static gboolean
find_note (GtkTreeModel *model,
           GtkTreeIter  *parent,
           const char   *id,
           GtkTreeIter  *out_iter)
{
  GtkTreeIter iter;

  if (!gtk_tree_model_iter_children (model, &iter, parent))
    return FALSE;
  do
    {
      g_autofree char *row_id = NULL;

      gtk_tree_model_get (model, &iter, COLUMN_ID, &row_id, -1);
      if (g_strcmp0 (row_id, id) == 0)
        {
          *out_iter = iter;
          return TRUE;
        }
      if (find_note (model, &iter, id, out_iter))
        return TRUE;
    }
  while (gtk_tree_model_iter_next (model, &iter));
  return FALSE;
}

/**
 * dossier_policy_list_select_note:
 * @self: a #DossierPolicyList
 * @id: (nullable): the note to select
 */
void
dossier_policy_list_select_note (DossierPolicyList *self,
                                 const char        *id)
{
  GtkTreeSelection *selection;
  GtkTreeIter iter;
  g_autoptr(GtkTreePath) path = NULL;

  g_return_if_fail (DOSSIER_IS_POLICY_LIST (self));

  selection = gtk_tree_view_get_selection (self->tree_view);
  self->selecting = TRUE;
  gtk_tree_selection_unselect_all (selection);
  if (id != NULL && find_note (self->filter_model, NULL, id, &iter))
    {
      path = gtk_tree_model_get_path (self->filter_model, &iter);
      gtk_tree_view_expand_to_path (self->tree_view, path);
      gtk_tree_selection_select_path (selection, path);
      gtk_tree_view_scroll_to_cell (self->tree_view, path, NULL, FALSE, 0, 0);
    }
  self->selecting = FALSE;

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
}

static void
refilter (DossierPolicyList *self)
{
  gtk_tree_model_filter_refilter (GTK_TREE_MODEL_FILTER (self->filter_model));
  gtk_tree_view_expand_all (self->tree_view);
  update_empty_state (self);
}

/**
 * dossier_policy_list_set_notes:
 * @self: a #DossierPolicyList
 * @notes: (element-type JsonObject): the notes, in any order (sorted here)
 */
void
dossier_policy_list_set_notes (DossierPolicyList *self,
                               GPtrArray         *notes)
{
  g_autoptr(GPtrArray) sorted = NULL;
  g_autofree char *selected = NULL;

  g_return_if_fail (DOSSIER_IS_POLICY_LIST (self));
  g_return_if_fail (notes != NULL);

  sorted = g_ptr_array_new_full (notes->len, (GDestroyNotify) json_object_unref);
  for (guint i = 0; i < notes->len; i++)
    g_ptr_array_add (sorted, json_object_ref (g_ptr_array_index (notes, i)));
  dossier_policy_notes_sort (sorted);
  selected = g_strdup (self->selected_id);

  g_clear_object (&self->filter_model);
  g_clear_object (&self->store);
  self->store = gtk_tree_store_new (N_COLUMNS, G_TYPE_STRING, G_TYPE_INT, G_TYPE_INT,
                                    G_TYPE_STRING, G_TYPE_STRING, G_TYPE_STRING,
                                    JSON_TYPE_OBJECT);
  fill_store (self->store, sorted);
  self->n_notes = sorted->len;

  self->filter_model = gtk_tree_model_filter_new (GTK_TREE_MODEL (self->store), NULL);
  gtk_tree_model_filter_set_visible_func (GTK_TREE_MODEL_FILTER (self->filter_model),
                                          filter_visible_func, self, NULL);
  self->selecting = TRUE;
  gtk_tree_view_set_model (self->tree_view, self->filter_model);
  self->selecting = FALSE;

  refilter (self);
  dossier_policy_list_select_note (self, selected);
}

/**
 * dossier_policy_list_set_search_hits:
 * @self: a #DossierPolicyList
 * @ids: (nullable) (element-type utf8 utf8): the note ids to show
 */
void
dossier_policy_list_set_search_hits (DossierPolicyList *self,
                                     GHashTable        *ids)
{
  g_return_if_fail (DOSSIER_IS_POLICY_LIST (self));

  if (ids == NULL && self->search_hits == NULL)
    return;
  g_clear_pointer (&self->search_hits, g_hash_table_unref);
  if (ids != NULL)
    self->search_hits = g_hash_table_ref (ids);
  refilter (self);
}

const char *
dossier_policy_list_get_selected_country (DossierPolicyList *self)
{
  g_return_val_if_fail (DOSSIER_IS_POLICY_LIST (self), NULL);

  return self->selected_country;
}

const char *
dossier_policy_list_get_selected_visa_type (DossierPolicyList *self)
{
  g_return_val_if_fail (DOSSIER_IS_POLICY_LIST (self), NULL);

  return self->selected_visa_type;
}

static void
selection_changed_cb (DossierPolicyList *self,
                      GtkTreeSelection  *selection)
{
  GtkTreeModel *model;
  GtkTreeIter iter;
  g_autofree char *id = NULL;

  if (self->selecting || !gtk_tree_selection_get_selected (selection, &model, &iter))
    return;

  g_clear_pointer (&self->selected_country, g_free);
  g_clear_pointer (&self->selected_visa_type, g_free);
  gtk_tree_model_get (model, &iter, COLUMN_ID, &id, COLUMN_COUNTRY, &self->selected_country,
                      COLUMN_VISA_TYPE, &self->selected_visa_type, -1);

  g_free (self->selected_id);
  self->selected_id = g_strdup (id);
  g_signal_emit (self, signals[NOTE_SELECTED], 0, id);
}

static void
row_activated_cb (DossierPolicyList *self,
                  GtkTreePath       *path,
                  GtkTreeViewColumn *column,
                  GtkTreeView       *tree_view)
{
  if (gtk_tree_view_row_expanded (tree_view, path))
    gtk_tree_view_collapse_row (tree_view, path);
  else
    gtk_tree_view_expand_row (tree_view, path, FALSE);
}

static void
filter_changed_cb (DossierPolicyList *self,
                   GtkSearchEntry    *entry)
{
  g_free (self->filter_text);
  self->filter_text = g_strdup (gtk_entry_get_text (GTK_ENTRY (entry)));
  refilter (self);
}

static void
new_note_clicked_cb (DossierPolicyList *self)
{
  g_signal_emit (self, signals[NEW_NOTE], 0);
}

static void
dossier_policy_list_dispose (GObject *object)
{
  DossierPolicyList *self = DOSSIER_POLICY_LIST (object);

  /* The filter calls back into self: drop it before self goes. */
  if (self->tree_view != NULL)
    gtk_tree_view_set_model (self->tree_view, NULL);
  g_clear_object (&self->filter_model);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (dossier_policy_list_parent_class)->dispose (object);
}

static void
dossier_policy_list_finalize (GObject *object)
{
  DossierPolicyList *self = DOSSIER_POLICY_LIST (object);

  g_clear_pointer (&self->search_hits, g_hash_table_unref);
  g_free (self->filter_text);
  g_free (self->selected_id);
  g_free (self->selected_country);
  g_free (self->selected_visa_type);

  G_OBJECT_CLASS (dossier_policy_list_parent_class)->finalize (object);
}

static void
dossier_policy_list_class_init (DossierPolicyListClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = dossier_policy_list_dispose;
  object_class->finalize = dossier_policy_list_finalize;

  signals[NOTE_SELECTED] = g_signal_new ("note-selected", G_TYPE_FROM_CLASS (klass),
                                         G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                         G_TYPE_NONE, 1, G_TYPE_STRING);
  signals[NEW_NOTE] = g_signal_new ("new-note", G_TYPE_FROM_CLASS (klass),
                                    G_SIGNAL_RUN_LAST, 0, NULL, NULL, NULL,
                                    G_TYPE_NONE, 0);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/dossier/Dossier/ui/dossier-policy-list.ui");
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyList, filter_entry);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyList, list_stack);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyList, tree_view);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyList, empty_title_label);
  gtk_widget_class_bind_template_child (widget_class, DossierPolicyList, empty_hint_label);
  gtk_widget_class_bind_template_callback (widget_class, selection_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, filter_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, new_note_clicked_cb);
}

static void
dossier_policy_list_init (DossierPolicyList *self)
{
  g_autoptr(GPtrArray) none = g_ptr_array_new ();

  gtk_widget_init_template (GTK_WIDGET (self));
  dossier_policy_list_set_notes (self, none);
}

GtkWidget *
dossier_policy_list_new (void)
{
  return g_object_new (DOSSIER_TYPE_POLICY_LIST, NULL);
}
