"""Reading and writing spreadsheets. Pure: plain rows in, bytes out (and back); no database here.

The column headers and sheet names are fixed Chinese strings on purpose: the report copies the plan's
own 专栏 table, and the import template is a file format that is checked on upload, so it must not
change with the interface language. Messages to people go through gettext like everything else.
"""
