from pathlib import Path

from workflow.lifecycle import state_diagram_mermaid

README = Path(__file__).resolve().parent.parent / "README.md"


def test_readme_diagram_is_the_one_generated_from_the_code() -> None:
    text = README.read_text()
    assert f"```mermaid\n{state_diagram_mermaid()}\n```" in text


def test_readme_starts_with_the_run_and_test_commands() -> None:
    first_block = README.read_text().split("```")[1]
    assert "make run" in first_block and "make test" in first_block
