/* test-person-name.c: one way of writing a person, wherever Dossier shows one. */
#include "dossier-person-name.h"

static void
test_format (void)
{
  struct { const char *family, *given, *native, *expected; } cases[] = {
    { "WANG", "XIAOMING", "王小明", "WANG Xiaoming 王小明" },
    { "Schmidt", "Anna", NULL, "SCHMIDT Anna" },
    { "DUBOIS", "JEAN-LUC", NULL, "DUBOIS Jean-Luc" },
    { "O'BRIEN", "MARY ANNE", NULL, "O'BRIEN Mary Anne" },
    { "MACDONALD", "McKenzie", NULL, "MACDONALD McKenzie" },   /* typed in mixed case: kept */
    { NULL, NULL, "李娜", "李娜" },
    { "LI", NULL, "", "LI" },
    { NULL, "NA", NULL, "Na" },
    { "", "", "", NULL },
    { NULL, NULL, NULL, NULL },
  };

  for (guint i = 0; i < G_N_ELEMENTS (cases); i++)
    {
      g_autofree char *name = dossier_person_name_format (cases[i].family, cases[i].given,
                                                          cases[i].native);
      g_assert_cmpstr (name, ==, cases[i].expected);
    }
}

int
main (int   argc,
      char *argv[])
{
  g_test_init (&argc, &argv, NULL);
  g_test_add_func ("/domain/person-name/format", test_format);
  return g_test_run ();
}
