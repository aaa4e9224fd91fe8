/* cmd_render.c -- demarc render (not implemented yet). */
#include "cli.h"

int cmd_render(int argc, char **argv)
{
    (void)argc;
    (void)argv;
    fprintf(stderr, "demarc render: not implemented yet\n");
    return EXIT_USAGE;
}
