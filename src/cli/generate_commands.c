/* placeholder: generate_commands.c — being written */
