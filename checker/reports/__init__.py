"""Where findings become output: one writer per format, fed one input at a time.

    writer = reports.writer("jsonl", sys.stdout)
    for path, findings in results:      # as each input is checked
        writer.write(path, findings)
    writer.finish(scores)               # scores: the --score scorecards, or None

text, jsonl and csv stream (each input's findings are written as soon as they
come); json and sarif are one document, written at ``finish``. The formats
themselves are in formats.py; the batch report (summary CSV and HTML page) is
batch_report.py.
"""

from ..finding import MOST_SEVERE_FIRST
from . import formats


class Writer:
    """The seam: ``write(path, findings)`` per input, then ``finish(scores)`` once."""

    def __init__(self, out):
        self.out = out

    def write(self, path, findings):
        raise NotImplementedError

    def finish(self, scores=None):
        pass


class TextWriter(Writer):
    def __init__(self, out):
        super().__init__(out)
        self.counts = dict.fromkeys(MOST_SEVERE_FIRST, 0)

    def write(self, path, findings):
        for f in findings:
            self.counts[f.severity] += 1
        self.out.write("".join(line + "\n" for line in formats.text_lines(path, findings)))

    def finish(self, scores=None):
        self.out.write(formats.text_summary(self.counts) + "\n")
        if scores is not None:
            self.out.write(formats.score_lines(scores))


class DocumentWriter(Writer):
    """Collects every input, then writes one document (json, sarif)."""

    def __init__(self, out, render):
        super().__init__(out)
        self.render, self.results = render, []

    def write(self, path, findings):
        self.results.append((path, findings))

    def finish(self, scores=None):
        self.out.write(self.render(self.results, scores))


class JsonLinesWriter(Writer):
    def write(self, path, findings):
        self.out.write(formats.json_lines(path, findings))

    def finish(self, scores=None):
        for card in scores or ():
            self.out.write(formats.json.dumps({"score": card}, ensure_ascii=False) + "\n")


class CsvWriter(Writer):
    def __init__(self, out):
        super().__init__(out)
        self.out.write(formats.csv_text([formats.CSV_FIELDS]))

    def write(self, path, findings):
        self.out.write(formats.csv_text(formats.csv_row(item) for item in formats.items(path, findings)))


FORMATS = {
    "text": TextWriter,
    "json": lambda out: DocumentWriter(out, formats.as_json),
    "sarif": lambda out: DocumentWriter(out, formats.sarif),
    "jsonl": JsonLinesWriter,
    "csv": CsvWriter,
}
SCORES = {"text", "json", "sarif", "jsonl"}  # formats that can carry --score


def writer(name, out):
    return FORMATS[name](out)
