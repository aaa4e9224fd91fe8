/* cmd_locate.c -- demarc locate (not implemented yet). */
#include "cli.h"

int cmd_locate(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "demarc locate: not implemented yet\n");
    return EXIT_USAGE;
}
