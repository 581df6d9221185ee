"""The `assistant users` and `assistant groups` commands: local accounts and the access groups of documents."""

from __future__ import annotations

import argparse
import getpass
import json
import sys

from .access import OPERATOR


def add_parsers(sub, common) -> None:
    """The `users` and `groups` subcommands."""
    p = sub.add_parser("users", help="local accounts: who signs in, which access groups they see, API tokens")
    actions = p.add_subparsers(dest="action", required=True)
    q = actions.add_parser("add", help="add an account (the password is read from stdin)")
    q.add_argument("name")
    q.add_argument("--groups", default="public", help="access groups it sees, comma-separated (default: public)")
    q.add_argument("--admin", action="store_true", help="may change the index, and sees every group")
    common(q)
    q = actions.add_parser("list", help="every account with its groups")
    q.add_argument("--json", action="store_true")
    common(q)
    for action, text in (("remove", "remove an account (its sign-ins and token stop working)"),
                         ("passwd", "set a new password (read from stdin)"),
                         ("token", "print a new personal API token (the old one stops working)")):
        q = actions.add_parser(action, help=text)
        q.add_argument("name")
        common(q)
    q = actions.add_parser("groups", help="change the access groups an account sees")
    q.add_argument("name")
    q.add_argument("groups", help="comma-separated, e.g. staff,public")
    common(q)

    p = sub.add_parser("groups", help="the access groups of documents, with counts; `groups set DOC G1,G2`")
    p.add_argument("--json", action="store_true")
    p.add_argument("--docs", action="store_true", help="list every document with its groups")
    common(p)
    actions = p.add_subparsers(dest="action")
    q = actions.add_parser("set", help="change which access groups see a document (no re-embedding)")
    q.add_argument("doc")
    q.add_argument("groups", help="comma-separated, e.g. staff or staff,public")
    common(q)


def read_password(confirm: bool = True) -> str:
    """A password from the terminal (asked twice) or the first line of stdin."""
    if sys.stdin.isatty():
        first = getpass.getpass("password: ")
        if confirm and getpass.getpass("again: ") != first:
            raise ValueError("the two passwords differ")
        return first
    return sys.stdin.readline().rstrip("\r\n")


def cmd_users(assistant, args) -> int:
    """Add, list, remove, re-password or tokenise a local account."""
    users = assistant.users
    if args.action == "add":
        user = users.add(args.name, read_password(), args.groups, args.admin)
        print(f"added {user.name}: groups {', '.join(user.groups)}{' (admin)' if user.admin else ''}")
    elif args.action == "list":
        rows = users.list()
        if args.json:
            print(json.dumps([{"name": u.name, "groups": list(u.groups), "admin": u.admin, "token": u.has_token,
                               "created_at": u.created_at} for u in rows], indent=2))
        for u in [] if args.json else rows:
            flags = " admin" if u.admin else ""
            print(f"{u.name}\t{','.join(u.groups)}{flags}\t{'token' if u.has_token else '-'}\t{u.created_at}")
        if not rows and not args.json:
            print("no users: `assistant users add NAME --groups staff,public` adds one")
    elif args.action == "remove":
        users.remove(args.name)
        print(f"removed {args.name}")
    elif args.action == "passwd":
        users.passwd(args.name, read_password())
        print(f"password of {args.name} changed")
    elif args.action == "groups":
        users.set_groups(args.name, args.groups)
        print(f"{args.name} sees {args.groups}")
    else:
        print(users.new_token(args.name))
        print("keep it secret: send it as 'Authorization: Bearer <token>'; it is shown only now", file=sys.stderr)
    return 0


def cmd_groups(assistant, args) -> int:
    """List the access groups with their document counts, or change a document's groups."""
    if args.action == "set":
        changed = assistant.set_groups(args.doc, args.groups)
        groups = ",".join(assistant.catalog.groups_of([args.doc]).get(args.doc, ()))
        print(f"{args.doc}: {'now' if changed else 'already'} {groups}")
        return 0
    if args.docs:
        rows = [{"doc": d.doc, "groups": list(d.groups)} for d in assistant.documents(reader=OPERATOR)]
        print(json.dumps(rows, indent=2, ensure_ascii=False) if args.json else
              "\n".join(f"{r['doc']}\t{','.join(r['groups'])}" for r in rows) or "no documents yet")
        return 0
    counts = assistant.groups()
    if args.json:
        print(json.dumps(counts, indent=2))
        return 0
    for group, n in counts.items():
        print(f"{group}\t{n} documents")
    if not counts:
        print("no documents yet")
    return 0


def reader_of(assistant, args):
    """The reader a command reads as: `--as NAME` (a local user, or 'anonymous'), else the operator (every group)."""
    name = getattr(args, "as_user", None)
    return OPERATOR if name is None else assistant.reader_named(name)


def as_option(parser: argparse.ArgumentParser) -> None:
    """The `--as NAME` option of the commands that show text."""
    parser.add_argument("--as", dest="as_user", metavar="NAME",
                        help="read as this user sees the index (their access groups; 'anonymous': the public); "
                             "default: every document (you run the index)")
