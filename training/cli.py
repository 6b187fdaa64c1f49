"""``python -m training ...``: convert the corpora, train and ship the NER, evaluate any pipeline.

Run from the repository's top (the default paths are relative to it). Thin: each command
parses, calls the modules beside it, prints. Errors are reported as ``gonghui``'s are
(``gonghui.cli_errors.reports_errors``): one line and an exit code, never a traceback.
"""

from __future__ import annotations

import json
from pathlib import Path

import typer

from gonghui.cli_errors import reports_errors
from gonghui.resources import shipped_model_dir

# Plain data, no spaCy: `--help` stays quick.
from .corpora import NAME_LISTS, CorpusPaths

app = typer.Typer(name="training", help="Convert corpora, train, ship and evaluate gonghui's "
                  "Chinese NER model.", no_args_is_help=True, add_completion=False,
                  pretty_exceptions_enable=False)

# Relative to the repository's top, where the commands run; outputs stay out of git.
CORPORA = Path("../shared/corpora")  # the staged corpora, beside the repository
CORPUS_DIR = Path("training/corpus")
OUTPUT_DIR = Path("training/output")


@app.command()
@reports_errors
def convert(
    corpora: Path = typer.Option(CORPORA, help="Folder holding msra-ner/, cluener2020/, ..."),
    out: Path = typer.Option(CORPUS_DIR, help="Where the DocBin splits go (git ignores it)."),
    limit: int = typer.Option(0, help="Keep only the first N sentences of each split."),
    cluener: bool = typer.Option(False, help="Train on CLUENER2020 too, beside MSRA."),
    name_lists: int = typer.Option(NAME_LISTS, help="Synthetic name lists to add to train."),
) -> None:
    """Convert the staged corpora to spaCy DocBin splits (train, dev and the test splits)."""
    from .convert import convert as run

    for split, docs in run(CorpusPaths(corpora), out, limit, cluener, name_lists).items():
        typer.echo(f"{split}\t{docs} docs\t{out / split}.spacy")


@app.command()
@reports_errors
def train(
    corpora: Path = typer.Option(CORPORA, help="Folder holding the staged corpora."),
    corpus_dir: Path = typer.Option(CORPUS_DIR, help="Converted splits (made if missing)."),
    output: Path = typer.Option(OUTPUT_DIR, help="spaCy training output."),
    ship_to: Path = typer.Option(shipped_model_dir(), help="Where the shipped model is written."),
    config: Path = typer.Option(
        None, help="spaCy config (default: training/configs/zh_gonghui_ner.cfg)."),
    settings: list[str] = typer.Option(
        [], "--set", help="Override a config value, KEY=VALUE: crf.max_iterations=50 (the CRF), "
        "training.max_steps=600 (the CNN). Repeatable."),
) -> None:
    """Reproduce the shipped model: convert, train, score every test split, ship with meta.json."""
    from .train import DEFAULT_CONFIG, reproduce

    overrides = dict(_override(item) for item in settings)
    scores = reproduce(CorpusPaths(corpora), corpus_dir, output, ship_to,
                       config or DEFAULT_CONFIG, overrides)
    for split, figures in scores.items():
        overall = figures["overall"]
        typer.echo(f"{split}\tP {overall['p']:.3f}\tR {overall['r']:.3f}\tF {overall['f']:.3f}")


@app.command()
@reports_errors
def evaluate(
    split: Path = typer.Argument(..., help="A converted split, e.g. training/corpus/msra-test.spacy."),
    model: str = typer.Option("", "--model", help="Package name or path (default: shipped)."),
    limit: int = typer.Option(0, help="Score only the first N docs."),
) -> None:
    """Print per-label precision, recall and F1 of a pipeline on a converted split."""
    from .evaluate import evaluate as run

    scores = run(model, split, limit=limit)
    typer.echo(f"{split}: {scores.docs} docs, {scores.chars} characters")
    typer.echo("label\tP\tR\tF1")
    for row in (*scores.per_label, scores.overall):
        typer.echo(f"{row.label}\t{row.precision:.3f}\t{row.recall:.3f}\t{row.f1:.3f}")


@app.command()
@reports_errors
def segmentation(
    corpora: Path = typer.Option(CORPORA, help="Folder holding the staged corpora."),
    limit: int = typer.Option(0, help="Check only the first N sentences of each split."),
) -> None:
    """How many gold entities each segmenter cuts through (a recall ceiling for word tokens)."""
    from .convert import load_splits
    from .segmentation_check import SEGMENTERS, cut_rate

    # The corpora as they are: the synthetic name lists would count 3,000 lists of names as train.
    splits = load_splits(CorpusPaths(corpora), limit, lists=0)
    typer.echo("split\tsegmenter\tentities\tcut\tcut share\ttokens per char")
    for split in ("train", "msra-test", "cluener-dev"):
        for name, segment in SEGMENTERS.items():
            stats = cut_rate(splits[split], segment)
            typer.echo(f"{split}\t{name}\t{stats.entities}\t{stats.cut}\t{stats.cut_share:.1%}\t"
                       f"{stats.tokens_per_char:.2f}")


def _override(item: str) -> tuple[str, object]:
    key, sep, value = item.partition("=")
    if not sep or not key:
        raise typer.BadParameter(f"{item!r}: give KEY=VALUE", param_hint="--set")
    try:
        return key, json.loads(value)
    except json.JSONDecodeError:
        return key, value
