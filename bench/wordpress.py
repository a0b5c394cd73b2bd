#!/usr/bin/env python3
"""The WordPress import at scale: a synthetic export made by repeating the posts of a real one
(tests/data/wordpress/export-small.xml) with new ids and slugs, imported with `marquee import`
into a fresh store whose knowledge graph knows the people the posts quote (so every story is
linked and its quotes attributed, as in a real newsroom). Reports wall time, posts per second
and the peak resident memory of the import (from wait4's rusage), and writes the figures to
bench/notes/wordpress.md.

    bench/wordpress.py --binary build/release/marquee --posts 2000 --posts 100000
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FIXTURE = os.path.join(ROOT, "tests", "data", "wordpress", "export-small.xml")


def split_export(text):
    """The channel head (up to the first item), the items, and the tail."""
    first = text.index("<item>")
    last = text.rindex("</item>") + len("</item>")
    items = re.findall(r"<item>.*?</item>", text[first:last], flags=re.S)
    return text[:first], items, text[last:]


def write_export(path, posts):
    """posts items made from the fixture's, each copy with a new id, slug and permalink."""
    with open(FIXTURE, encoding="utf-8") as f:
        head, items, tail = split_export(f.read())
    with open(path, "w", encoding="utf-8") as out:
        out.write(head)
        n = 0
        copy = 0
        while n < posts:
            for item in items:
                if n >= posts:
                    break
                new_id = 100000 + n
                suffix = "" if copy == 0 else "-%d" % copy
                text = re.sub(r"<wp:post_id>\d+</wp:post_id>",
                              "<wp:post_id>%d</wp:post_id>" % new_id, item)
                text = re.sub(r"\?p=\d+", "?p=%d" % new_id, text)
                text = re.sub(r"(<wp:post_name><!\[CDATA\[)([^\]]*)(\]\]>)",
                              lambda m: m.group(1) + m.group(2) + suffix + m.group(3), text)
                text = re.sub(r"(<link>[^<]*?/)([^/<]+)(/</link>)",
                              lambda m: m.group(1) + m.group(2) + suffix + m.group(3), text)
                # Comment ids stay unique too.
                text = re.sub(r"<wp:comment_id>(\d+)</wp:comment_id>",
                              lambda m: "<wp:comment_id>%d</wp:comment_id>" % (
                                  int(m.group(1)) + 1000 * new_id), text)
                out.write(text)
                out.write("\n")
                n += 1
            copy += 1
        out.write(tail)


def write_graph(path):
    """People the fixture's posts quote ("..., Name Surname said."), as a knowledge graph."""
    with open(FIXTURE, encoding="utf-8") as f:
        text = f.read()
    names = sorted(set(re.findall(r"\b([A-Z][a-z]+ [A-Z][a-z]+) (?:said|told|added)", text)))
    with open(path, "w", encoding="utf-8") as out:
        for name in names:
            slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
            out.write(json.dumps({"entity": slug, "kind": "person", "name": name}) + "\n")
    return len(names)


def run_import(binary, data, export):
    """Runs the import as a child; returns (wall seconds, CPU seconds, peak RSS in MB, stdout)."""
    start = time.monotonic()
    proc = subprocess.Popen([binary, "import", "--data", data, export],
                            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("import failed:\n" + out)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0, out


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--posts", type=int, action="append")
    parser.add_argument("--keep", help="folder for the exports and stores (default: temporary)")
    parser.add_argument("--notes", default=os.path.join(ROOT, "bench", "notes", "wordpress.md"))
    args = parser.parse_args()
    sizes = args.posts or [2000]
    work = args.keep or tempfile.mkdtemp(prefix="marquee-wp-bench-")
    os.makedirs(work, exist_ok=True)
    rows = []
    try:
        graph = os.path.join(work, "graph.jsonl")
        people = write_graph(graph)
        for posts in sizes:
            export = os.path.join(work, "export-%d.xml" % posts)
            if not os.path.exists(export):
                write_export(export, posts)
            data = os.path.join(work, "data-%d" % posts)
            shutil.rmtree(data, ignore_errors=True)
            subprocess.run([args.binary, "entities", "import", "--data", data, graph],
                           check=True, stdout=subprocess.DEVNULL)
            load = os.getloadavg()[0]
            seconds, cpu, rss, out = run_import(args.binary, data, export)
            again, again_cpu, again_rss, again_out = run_import(args.binary, data, export)
            mb = os.path.getsize(export) / 1e6
            rows.append((posts, mb, seconds, cpu, rss, again, again_rss, load))
            print("%d posts (%.0f MB): %.1f s wall, %.1f s CPU, %.0f posts/s, peak RSS %.0f MB; "
                  "second run %.1f s, %.0f MB (load average %.1f)"
                  % (posts, mb, seconds, cpu, posts / seconds, rss, again, again_rss, load))
            print(out.strip().splitlines()[0])
            print(again_out.strip().splitlines()[0])
            if not args.keep:
                shutil.rmtree(data, ignore_errors=True)
                os.remove(export)
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)
    with open(args.notes, "w", encoding="utf-8") as f:
        f.write("## WordPress import (bench/wordpress.py)\n\n")
        f.write("%s; %s, %d cores. A synthetic export made by repeating the %s posts of "
                "tests/data/wordpress/export-small.xml with new ids and slugs; a knowledge graph "
                "of the %d people they quote, so every story is enriched (linked, quotes "
                "attributed) as it is saved. SQLite store; one `marquee import` process.\n\n"
                % (time.strftime("%Y-%m-%d"), os.uname().machine, os.cpu_count(), "50", people))
        f.write("| posts | export | import, wall | posts/s (wall) | CPU (user + system) "
                "| posts per CPU second | peak RSS | second run (nothing changes) | its peak RSS "
                "| load average at start |\n"
                "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n")
        for posts, mb, seconds, cpu, rss, again, again_rss, load in rows:
            f.write("| %d | %.0f MB | %.1f s | %.0f | %.1f s | %.0f | %.0f MB | %.1f s | %.0f MB "
                    "| %.1f |\n" % (posts, mb, seconds, posts / seconds, cpu, posts / cpu, rss,
                                    again, again_rss, load))
        f.write("\nTargets: 2,000 posts in under 10 s (200 posts/s or more); 100,000 posts with "
                "peak RSS under 300 MB.\n")


if __name__ == "__main__":
    main()
