/* placeholder: trash_commands.c — being written */
