"""The notebook comparison is indifferent to float noise and strict about everything a reader sees."""

import nbformat
import pytest

from .notebook_compare import align, coalesce_streams, differences, numbers_close, same_up_to_noise


@pytest.mark.parametrize("stored, new", [
    ("0.8731652011182097", "0.8731652011182098"),                 # last digit (issue 11)
    ("0.4286879921020866", "0.428687992102086"),                  # a shorter repr of a neighbour
    ('{"v": 0.1, "w": [1e-05, 3.0000000000000004]}', '{"v": 0.10000000000000002, "w": [1.0000000000000001e-05, 3.0]}'),
    ("share 0.0", "share 1e-17"),                                  # cancellation noise around zero
    ("<td>12</td><td>0.25</td>", "<td>12</td><td>0.25</td>"),
])
def test_float_noise_is_not_a_change(stored, new):
    assert same_up_to_noise(stored, new)


@pytest.mark.parametrize("stored, new", [
    ("352 pairs", "353 pairs"),                                   # a count
    ("893058", "893059"),                                         # a large count, off by one
    ("0.04467700108123315", "0.044678970307711695"),              # a tie broken the other way (issue 11)
    ("0.873", "0.874"),                                           # a number as displayed
    ("MCC 0.018", "MCC 0.0180001"),                               # a change in the sixth digit
    ("balancing (threat)", "balancing (power)"),                  # a label
    ("USSR 1967", "USA 1967"),                                    # a name
    ('{"data": [1, 2, 3]}', '{"data": [1, 2, 3, 4]}'),            # a chart's data
    ('"bot-chart-58ec9e46-1"', '"bot-chart-c16a903e-1"'),         # a chart id is text, not numbers
    ("1.5", "nan"), ("nan", "nan "),
])
def test_real_changes_are_changes(stored, new):
    assert not same_up_to_noise(stored, new)


def test_numbers_inside_words_and_ids_are_text():
    assert not same_up_to_noise("x1 9e46ab", "x2 9e46ab")
    assert not same_up_to_noise("bot-chart-0a1b2c3d-1", "bot-chart-0a1b2c3e-1")
    assert numbers_close("1e-300", "0")


def _nb(*texts):
    nb = nbformat.v4.new_notebook()
    for i, t in enumerate(texts):
        cell = nbformat.v4.new_code_cell("x", id=f"cell-{i}")
        cell.outputs = [nbformat.v4.new_output("display_data", data={"text/plain": t,
                                                                     "application/papermill.record/text/plain": t})]
        nb.cells.append(cell)
    return nb


def test_align_keeps_stored_text_for_noise_and_new_text_for_changes():
    stored, new = _nb("0.1", "352"), _nb("0.10000000000000002", "353")
    out = align(stored, new)
    assert out.cells[0].outputs[0].data["text/plain"] == "0.1"
    assert out.cells[1].outputs[0].data["text/plain"] == "353"
    assert new.cells[0].outputs[0].data["text/plain"] == "0.10000000000000002"  # input untouched


def test_differences_name_the_output_and_the_changed_stretch():
    stored, new = _nb("0.1", "352 pairs"), _nb("0.1", "353 pairs")
    found = differences(stored, align(stored, new))
    assert len(found) == 2                                        # both MIME types of the second cell
    assert found[0].startswith("/cells/1/outputs/0/data/")
    assert "'352 pairs'" in found[0] and "'353 pairs'" in found[0]


def test_differences_ignore_volatile_paths_and_nothing_else():
    stored, new = _nb("a", "b"), _nb("a", "b")
    new.cells[0].execution_count, new.cells[1].execution_count = 7, 8
    assert differences(stored, new, ("/cells/*/execution_count",)) == []
    assert len(differences(stored, new)) == 2
    new.cells[1].outputs.append(nbformat.v4.new_output("stream", text="more"))
    assert differences(stored, new, ("/cells/*/execution_count",)) == ["/cells/1/outputs: 1 items stored, 2 now"]


def test_a_change_in_megabyte_outputs_is_found_and_reported_briefly():
    # the speed of this comparison is measured by `make bench` (benchmarks/bench_compare.py), not here
    big = "".join(f'{{"x": {i}, "y": {i / 7}}},' for i in range(100_000))   # ~3 MB of chart data
    stored, new = _nb(big), _nb(big.replace('"x": 99999', '"x": 99998'))
    found = differences(stored, new)
    assert found and all("99999" in f and "99998" in f for f in found)   # each output holding it
    assert all(len(f) < 1_000 for f in found)   # the place of the change, not the 3 MB around it
    assert differences(stored, _nb(big)) == []


def test_printed_text_split_into_two_messages_is_the_same_output():
    stored, new = _nb("a"), _nb("a")
    stored.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="line 1\nline 2\n")]
    new.cells[0].outputs = [nbformat.v4.new_output("stream", name="stdout", text="line 1\n"),
                            nbformat.v4.new_output("stream", name="stdout", text="line 2\n")]
    assert differences(coalesce_streams(stored), coalesce_streams(new)) == []
    new.cells[0].outputs[1] = nbformat.v4.new_output("stream", name="stderr", text="line 2\n")
    assert differences(coalesce_streams(stored), coalesce_streams(new))       # another stream is a change
