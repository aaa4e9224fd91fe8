/* cmd_validate.c -- demarc validate (not implemented yet). */
#include "cli.h"

int cmd_validate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "demarc validate: not implemented yet\n");
    return EXIT_USAGE;
}
