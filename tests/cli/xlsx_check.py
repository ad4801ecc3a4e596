#!/usr/bin/env python3
"""xlsx_check.py — read a workbook written by jalon back with openpyxl, an independent
reader, and print what a user would check, one fact per line, for tests/cli/reports.sh:

  sheets: NAME|NAME|…
  sheet NAME: freeze=A6 filter=A5:F7 header=Col|Col|…
  cell NAME!A1: TYPE VALUE FORMAT   (for each "NAME!A1" given after the file)
  find NAME TEXT: row of the first cell equal to TEXT, then the row's typed values

Usage: xlsx_check.py FILE [NAME!CELL | find:NAME:TEXT]…
"""
import sys

import openpyxl


def typed(cell):
    value = cell.value
    if value is None:
        return "empty"
    if cell.is_date:
        return "date " + value.strftime("%Y-%m-%d") + " " + cell.number_format
    if cell.data_type == "n":
        return "number " + repr(value) + " " + cell.number_format
    return "text " + str(value)


def header_row(ws):
    """The table's header: the row just above the frozen panes."""
    if not ws.freeze_panes:
        return None
    row = int("".join(c for c in ws.freeze_panes if c.isdigit())) - 1
    return [c.value for c in ws[row] if c.value is not None], row


def main():
    wb = openpyxl.load_workbook(sys.argv[1])
    print("sheets: " + "|".join(ws.title for ws in wb.worksheets))
    for ws in wb.worksheets:
        h = header_row(ws)
        bold = ""
        if h:
            cells = [c for c in ws[h[1]] if c.value is not None]
            bold = " bold=" + ("yes" if all(c.font.b for c in cells) else "no")
        print("sheet %s: freeze=%s filter=%s header=%s%s" % (
            ws.title, ws.freeze_panes, ws.auto_filter.ref,
            "|".join(str(v) for v in h[0]) if h else "", bold))
    for arg in sys.argv[2:]:
        if arg.startswith("find:"):
            _, name, text = arg.split(":", 2)
            ws = wb[name]
            for row in ws.iter_rows():
                if any(c.value == text for c in row):
                    print("find %s %s: %s" % (name, text, " | ".join(typed(c) for c in row if c.value is not None)))
                    break
            else:
                print("find %s %s: not found" % (name, text))
        else:
            name, ref = arg.rsplit("!", 1)
            print("cell %s: %s" % (arg, typed(wb[name][ref])))


main()
