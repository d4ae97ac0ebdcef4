"""Stage 1: every bad input gives its exact line, all problems of a run at once."""

from __future__ import annotations

import os

import pytest

from pipeline.problems import PipelineError
from pipeline.sources.assemble import read_sources
from tests.conftest import copy_project, edit

ACTION = "sources/actions/sample-action.yaml"  # the Action's own record
YEAR = "sources/editions/2017/actions/sample-action.yaml"  # the Action in 2017
EDITION = "sources/editions/2017/edition.yaml"
IMAGE = "sources/editions/2017/images/sample-photo.yaml"
PROGRAMME = "sources/programme.yaml"


def problems(project, year=2017) -> list[str]:
    with pytest.raises(PipelineError) as caught:
        read_sources(project, year)
    return [str(p) for p in caught.value.problems]


def test_sample_project_reads_cleanly(sample):
    sources = read_sources(sample, 2017)
    assert [a.id for a in sources.actions] == ["sample-action"]
    assert sources.action("sample-action").summary["fr"] == "L’Action d’exemple aide les tests."
    assert sources.edition.published.isoformat() == "2017-12-01"


def test_missing_french_summary(sample):
    edit(sample, YEAR, "  fr: L’Action d’exemple aide les tests.\n", "")
    assert problems(sample) == [
        f"{YEAR}:16:3: error: summary.fr: missing French text [translation.missing]"]


def test_unknown_action_in_edition(sample):
    edit(sample, EDITION, "actions: [sample-action]", "actions: [sample-actoin]")
    assert problems(sample) == [
        f"{EDITION}:31:15: error: achievements[0].actions[0]: unknown action 'sample-actoin'; "
        "did you mean 'sample-action'? [reference.unknown-action]"]


def test_missing_image_file(sample):
    (sample / "assets/images/sample-photo.jpg").unlink()
    assert problems(sample) == [
        f"{IMAGE}:2:7: error: file: file assets/images/sample-photo.jpg does not exist "
        "[image.missing-file]"]


def test_every_problem_of_every_file_in_one_run(sample):
    edit(sample, YEAR, "status: ongoing", "status: finished")
    edit(sample, YEAR, "summary:", "sumary:")
    edit(sample, EDITION, "published: 2017-12", "published: December 2017")
    edit(sample, IMAGE, "  es: Un pie de foto de ejemplo\n", "")
    assert problems(sample) == [
        f"{YEAR}:2:9: error: status: 'finished' is not one of: ongoing, delivered "
        "[schema.choice]",
        f"{YEAR}:15:1: error: sumary: unknown field; did you mean 'summary'? "
        "[schema.unknown-field]",
        f"{EDITION}:2:12: error: published: 'December 2017' is not a month; write YYYY-MM, "
        "e.g. 2017-12 [schema.date]",
        f"{IMAGE}:4:3: error: caption.es: missing Spanish text [translation.missing]",
    ]


def test_country_code_checked_against_iso_3166(sample):
    edit(sample, ACTION, "country: CI", "country: XX")
    assert problems(sample) == [
        f"{ACTION}:2:10: error: country: 'XX' is not an ISO 3166 alpha-2 country code, "
        "e.g. 'SL' [schema.country]"]


def test_image_path_outside_the_project_is_refused(sample):
    edit(sample, IMAGE, "file: images/sample-photo.jpg", "file: ../../../etc/passwd")
    edit(sample, "sources/editions/2017/images/sample-cover.yaml", "file: images/sample-cover.jpg",
         "file: file:///etc/passwd")
    assert problems(sample) == [
        "sources/editions/2017/images/sample-cover.yaml:2:7: error: file: 'file:///etc/passwd' must be a path "
        "relative to assets/, not an absolute path or a URL [path.outside]",
        f"{IMAGE}:2:7: error: file: '../../../etc/passwd' leaves the assets/ folder "
        "[path.outside]",
    ]


def test_a_copied_record_keeps_the_id_of_its_file(sample):
    copy = sample / "sources/editions/2017/actions/another.yaml"
    copy.write_text((sample / YEAR).read_text())
    assert problems(sample) == [
        "sources/editions/2017/actions/another.yaml:1:5: error: id: 'sample-action' differs "
        "from the file name 'another.yaml' [record.id-mismatch]"]


# One mistake each, made in a copy of the good sample project: (name, file, piece to replace
# (None: the whole file), replacement, the exact lines the editor must read).
BAD_INPUTS = [
    ('wrong-type-list', YEAR, 'images: [sample-photo]',
     'images: sample-photo',
     ["sources/editions/2017/actions/sample-action.yaml:27:9: error: images: expected a list, found 'sample-photo' [schema.type]"]),
    ('wrong-type-text', YEAR, 'results:\n  en: It leads to passing tests.\n  fr: Elle mène à des tests réussis.\n  es: Conduce a pruebas superadas.',
     'results: It leads to passing tests.',
     ["sources/editions/2017/actions/sample-action.yaml:23:10: error: results: expected a text in each language (en, fr, es), found 'It leads to passing tests.' [schema.type]"]),
    ('wrong-type-integer', EDITION, 'year: 2017',
     'year: twenty',
     ["sources/editions/2017/edition.yaml:1:7: error: year: expected a whole number, found 'twenty' [schema.type]"]),
    ('missing-required', ACTION, 'theme: policy-development\n',
     '',
     ['sources/actions/sample-action.yaml:1:1: error: theme: missing required field [schema.missing]']),
    ('empty-text', YEAR, '  es: Se escribió para las pruebas.',
     '  es: ""',
     ['sources/editions/2017/actions/sample-action.yaml:22:7: error: activities.es: empty Spanish text [schema.empty]']),
    ('empty-list', YEAR, 'images: [sample-photo]',
     'images: []',
     ['sources/editions/2017/actions/sample-action.yaml:27:9: error: images: the list is empty; give at least one item [schema.empty]']),
    ('unknown-field-near', YEAR, 'status: ongoing',
     'statut: ongoing',
     ["sources/editions/2017/actions/sample-action.yaml:2:1: error: statut: unknown field; did you mean 'status'? [schema.unknown-field]"]),
    ('unknown-field-far', YEAR, 'status: ongoing',
     'status: ongoing\nbudget: 12',
     ['sources/editions/2017/actions/sample-action.yaml:3:1: error: budget: unknown field; expected one of: id, status, coverage, partners, milestones, summary, activities, results, images [schema.unknown-field]']),
    ('theme-unknown', ACTION, 'theme: policy-development',
     'theme: policy',
     ["sources/actions/sample-action.yaml:3:8: error: theme: unknown theme 'policy' [reference.unknown-theme]"]),
    ('status-outside-set', YEAR, 'status: ongoing',
     'status: done',
     ["sources/editions/2017/actions/sample-action.yaml:2:9: error: status: 'done' is not one of: ongoing, delivered [schema.choice]"]),
    ('bad-month', EDITION, 'published: 2017-12',
     'published: 2017-13',
     ["sources/editions/2017/edition.yaml:2:12: error: published: '2017-13' is not a month; write YYYY-MM, e.g. 2017-12 [schema.date]"]),
    ('bad-date', YEAR, '  - date: 2017-04',
     '  - date: April 2017',
     ["sources/editions/2017/actions/sample-action.yaml:10:11: error: milestones[0].date: 'April 2017' is not a date; write YYYY-MM-DD or YYYY-MM [schema.date]"]),
    ('bad-url', EDITION, 'web: https://example.org',
     'web: www.example.org',
     ["sources/editions/2017/edition.yaml:17:8: error: contact.web: 'www.example.org' is not a web address; write https://… [schema.url]"]),
    ('http-url', EDITION, 'web: https://example.org',
     'web: http://example.org',
     ["sources/editions/2017/edition.yaml:17:8: error: contact.web: 'http://example.org' is not a web address; write https://… [schema.url]"]),
    ('bad-email', EDITION, 'email: contact@example.org',
     'email: contact.example.org',
     ["sources/editions/2017/edition.yaml:18:10: error: contact.email: 'contact.example.org' is not an e-mail address (name@domain, nothing after it) [schema.email]"]),
    ('bad-colour', PROGRAMME, 'primary: "#1f3a68"',
     'primary: blue',
     ["sources/programme.yaml:5:12: error: colours.primary: 'blue' is not a colour; write #rrggbb [schema.colour]"]),
    ('country-lowercase', ACTION, 'country: CI',
     'country: ci',
     ["sources/actions/sample-action.yaml:2:10: error: country: 'ci' is not an ISO 3166 alpha-2 country code; did you mean 'CI' (Côte d'Ivoire)? [schema.country]"]),
    ('country-not-iso', ACTION, 'country: CI',
     'country: EU',
     ["sources/actions/sample-action.yaml:2:10: error: country: 'EU' is not an ISO 3166 alpha-2 country code, e.g. 'SL' [schema.country]"]),
    ('country-and-region', ACTION, 'country: CI',
     'country: CI\nregion:\n  en: West Africa\n  fr: Afrique de l’Ouest\n  es: África Occidental',
     ["sources/actions/sample-action.yaml:1:1: error: give either 'country' (ISO 3166 code) or 'region' (a text), not both or neither [action.country-or-region]"]),
    ('language-not-in-programme', YEAR, '  es: La Acción de ejemplo ayuda a las pruebas.',
     '  es: La Acción de ejemplo ayuda a las pruebas.\n  de: Die Beispielaktion hilft.',
     ["sources/editions/2017/actions/sample-action.yaml:19:3: error: summary.de: language 'de' is not one of the programme's languages (en, es, fr) [translation.unknown-language]"]),
    ('edition-language-unknown', EDITION, 'languages: [en, fr, es]',
     'languages: [en, fr, xx]',
     ["sources/editions/2017/edition.yaml:3:21: error: languages[2]: unknown language 'xx' [reference.unknown-language]"]),
    ('unknown-image', YEAR, 'images: [sample-photo]',
     'images: [sample-foto]',
     ["sources/editions/2017/actions/sample-action.yaml:27:10: error: images[0]: unknown image 'sample-foto'; did you mean 'sample-photo'? [reference.unknown-image]"]),
    ('unknown-cover-image', EDITION, 'cover_image: sample-cover',
     'cover_image: cover',
     ["sources/editions/2017/edition.yaml:21:14: error: cover_image: unknown image 'cover' [reference.unknown-image]"]),
    ('id-mismatch', ACTION, 'id: sample-action',
     'id: another-action',
     ["sources/actions/sample-action.yaml:1:5: error: id: 'another-action' differs from the file name 'sample-action.yaml' [record.id-mismatch]"]),
    ('bad-id', IMAGE, 'id: sample-photo',
     'id: Sample Photo',
     ["sources/editions/2017/images/sample-photo.yaml:1:5: error: id: 'Sample Photo' is not an id; use lower-case letters, digits and hyphens, e.g. 'sierra-leone' [schema.id]"]),
    ('absolute-path', IMAGE, 'file: images/sample-photo.jpg',
     'file: /etc/passwd',
     ["sources/editions/2017/images/sample-photo.yaml:2:7: error: file: '/etc/passwd' must be a path relative to assets/, not an absolute path or a URL [path.outside]"]),
    ('http-path', IMAGE, 'file: images/sample-photo.jpg',
     'file: http://example.org/a.jpg',
     ["sources/editions/2017/images/sample-photo.yaml:2:7: error: file: 'http://example.org/a.jpg' must be a path relative to assets/, not an absolute path or a URL [path.outside]"]),
    ('raw-html', YEAR, '  en: The sample Action helps the tests.',
     '  en: The sample Action <b>helps</b> the tests.',
     ["sources/editions/2017/actions/sample-action.yaml:16:7: error: summary.en: raw HTML '<b>' is not allowed; use *emphasis*, **strong** or [text](https://…) [text.html]"]),
    ('bad-link', YEAR, '  en: It was written for the tests.',
     '  en: It was written for [the tests](http://example.org).',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: link target 'http://example.org' is not allowed; links go to https:// addresses or mailto: an e-mail address [text.link]"]),
    ('mailto-without-address', YEAR, '  en: It was written for the tests.',
     '  en: "It was written for [the tests](mailto:nobody)."',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: link target 'mailto:nobody' is not allowed; links go to https:// addresses or mailto: an e-mail address [text.link]"]),
    ('custom-tag', YEAR, 'status: ongoing',
     'status: !custom ongoing',
     ['sources/editions/2017/actions/sample-action.yaml:2:9: error: tag !custom is not allowed; write plain values [yaml.tag]']),
    ('edition-year-mismatch', EDITION, 'year: 2017',
     'year: 2018',
     ['sources/editions/2017/edition.yaml:1:7: error: year: 2018 does not match the folder editions/2017 [edition.year]']),
    ('empty-file', IMAGE, None,
     '',
     ['sources/editions/2017/images/sample-photo.yaml:1:1: error: expected a mapping of fields (name: value), found nothing [schema.type]']),
    ('list-instead-of-record', IMAGE, None,
     '- id: sample-photo\n',
     ['sources/editions/2017/images/sample-photo.yaml:1:1: error: expected a mapping of fields (name: value), found a list [schema.type]']),
    # What the reader would see, after parsing (issue 15).
    ('javascript-link', YEAR, '  en: It was written for the tests.',
     '  en: "It was written for [the tests](javascript:alert(1))."',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: link target 'javascript:alert(1)' is not allowed; links go to https:// addresses or mailto: an e-mail address [text.link]"]),
    ('file-link', YEAR, '  en: It was written for the tests.',
     '  en: "It was written for [the tests](file:///etc/passwd)."',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: link target 'file:///etc/passwd' is not allowed; links go to https:// addresses or mailto: an e-mail address [text.link]"]),
    ('data-link', YEAR, '  en: It was written for the tests.',
     '  en: "It was written for [the tests](data:text/html,hi)."',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: link target 'data:text/html,hi' is not allowed; links go to https:// addresses or mailto: an e-mail address [text.link]"]),
    ('html-without-space', YEAR, '  en: It was written for the tests.',
     '  en: It was written for <img/src=x onerror=alert(1)> the tests.',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: raw HTML '<img/src=x onerror=alert(1)>' is not allowed; use *emphasis*, **strong** or [text](https://…) [text.html]"]),
    ('php', YEAR, '  en: It was written for the tests.',
     '  en: It was written for <?php echo 1; ?> the tests.',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: raw HTML '<?php echo 1; ?>' is not allowed; use *emphasis*, **strong** or [text](https://…) [text.html]"]),
    ('autolink', YEAR, '  en: It was written for the tests.',
     '  en: It was written for <https://example.org>.',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: '<https://example.org>' would print as written; write [text](https://…) [text.link]"]),
    ('entity', YEAR, '  en: It was written for the tests.',
     '  en: It was written for the t&eacute;sts.',
     ["sources/editions/2017/actions/sample-action.yaml:20:7: error: activities.en: '&eacute;' would print as written; type the character itself [text.entity]"]),
    ('html-in-acronym', YEAR, 'acronym: MOS', 'acronym: <b>MOS</b>',
     ['sources/editions/2017/actions/sample-action.yaml:8:14: error: partners[0].acronym: a name takes no formatting (*, _, [ ], HTML); write it as it reads [text.formatting]']),
    ('emphasis-in-region', ACTION, 'country: CI',
     'region:\n  en: "*West* Africa"\n  fr: Afrique de l’Ouest\n  es: África Occidental\ncovers: [CI, GH]',
     ['sources/actions/sample-action.yaml:3:7: error: region.en: a name takes no formatting (*, _, [ ], HTML); write it as it reads [text.formatting]']),
    ('bidi-override', YEAR, '  en: The sample Action helps the tests.',
     '  en: "The sample Action helps \u202ethe tests."',
     ['sources/editions/2017/actions/sample-action.yaml:16:7: error: summary.en: an invisible character, U+202E RIGHT-TO-LEFT OVERRIDE, at character 25: it can hide or reverse what the text says; remove it [text.invisible]']),
    ('only-invisible', YEAR, '  es: La Acción de ejemplo ayuda a las pruebas.',
     '  es: "\u200b\u200b"',
     ['sources/editions/2017/actions/sample-action.yaml:18:7: error: summary.es: empty Spanish text [schema.empty]']),
    ('endless-word', YEAR, '  en: It leads to passing tests.',
     '  en: It leads to ' + 'a' * 200 + '.',
     ["sources/editions/2017/actions/sample-action.yaml:24:7: error: results.en: a word of 201 characters ('aaaaaaaaaaaaaaaaaaaaaaa…') cannot break across lines; a column holds about 40 [text.long-word]"]),
    ('endless-caption', IMAGE, '  en: A sample caption', '  en: ' + 'A caption. ' * 500,
     ['sources/editions/2017/images/sample-photo.yaml:4:7: error: caption.en: 5,499 characters; this field holds at most 250 (it must fit where the layouts set it) [text.too-long]']),
    ('action-twice', EDITION, 'actions: [sample-action]',
     'actions: [sample-action, sample-action]',
     ["sources/editions/2017/edition.yaml:31:30: error: achievements[0].actions[1]: 'sample-action' is listed already, as item 1; list it once [schema.repeated]"]),
    ('until-before-date', YEAR, '  - date: 2017-04\n',
     '  - date: 2017-11-20\n    until: 2017-11-18\n',
     ['sources/editions/2017/actions/sample-action.yaml:11:12: error: milestones[0].until: 2017-11-18 comes before the date it ends (2017-11-20); `until` is the last day [schema.date-order]']),
    ('hidden-copy-email', EDITION, 'email: contact@example.org',
     'email: contact@example.org?bcc=spy%40example.net',
     ["sources/editions/2017/edition.yaml:18:10: error: contact.email: 'contact@example.org?bcc=spy%40example.net' is not an e-mail address (name@domain, nothing after it) [schema.email]"]),
    ('tag-on-a-key', ACTION, 'theme: policy-development',
     'theme: policy-development\n!!python/name:os.system : 1',
     ['sources/actions/sample-action.yaml:4:1: error: tag !!python/name:os.system is not allowed on a key; write plain names [yaml.tag]']),
    ('no-such-day', YEAR, '  - date: 2017-04\n', '  - date: 2017-02-30\n',
     ["sources/editions/2017/actions/sample-action.yaml:10:11: error: milestones[0].date: '2017-02-30' is not a date (day is out of range for month) [schema.date]"]),
    ('no-such-month', YEAR, '  - date: 2017-04\n', '  - date: 2017-13-01\n',
     ["sources/editions/2017/actions/sample-action.yaml:10:11: error: milestones[0].date: '2017-13-01' is not a date (month must be in 1..12) [schema.date]"]),
    ('int-tag-on-text', YEAR, '  en: It leads to passing tests.',
     '  en: !!int It leads to passing tests.',
     ["sources/editions/2017/actions/sample-action.yaml:24:7: error: results.en: 'It leads to passing tests.' is not a whole number (invalid literal for int() with base 10: 'It leads to passin…) [yaml.value]"]),
    ('nul-byte', YEAR, 'status: ongoing', 'status: ongoing\x00',
     ['sources/editions/2017/actions/sample-action.yaml:2:16: error: the character U+0000 cannot be in a YAML file; remove it [yaml.character]']),
    ('vertical-tab', YEAR, 'status: ongoing', 'status: on\x0bgoing',
     ['sources/editions/2017/actions/sample-action.yaml:2:11: error: the character U+000B cannot be in a YAML file; remove it [yaml.character]']),
    ('deep-lists', YEAR, 'images: [sample-photo]', 'images: ' + '[' * 40 + ']' * 40,
     ['sources/editions/2017/actions/sample-action.yaml:27:40: error: lists and fields nested more than 32 deep; a record is never so deep [yaml.too-deep]']),
    ('invisible-in-reference', EDITION, 'actions: [sample-action]',
     'actions: ["sample-action\u200b"]',
     ["sources/editions/2017/edition.yaml:31:15: error: achievements[0].actions[0]: 'sample-action\\u200b' is not an action id (lower-case letters, digits and hyphens) [schema.id]"]),
    ('line-separator', YEAR, '  en: The sample Action helps the tests.',
     '  en: The sample Action helps\u2028the tests.',
     ['sources/editions/2017/actions/sample-action.yaml:16:30: error: an invisible line break (U+2028); end the line with a real one, or leave a blank line for a paragraph [yaml.character]']),
    ('forged-line-in-key', YEAR, 'status: ongoing',
     'status: ongoing\n"budget\\nsources/x.yaml:1:1: error: all is well [ok]": 1',
     ['sources/editions/2017/actions/sample-action.yaml:3:1: error: budget\\nsources/x.yaml:1:1: error: all is well [ok]: unknown field; expected one of: id, status, coverage, partners, milestones, summary, activities, results, images [schema.unknown-field]']),
    ('covers-unknown-code', ACTION, 'country: CI', 'region:\n  en: West Africa\n  fr: Afrique de l’Ouest\n  es: África Occidental\ncovers: [CI, GH, XX]',
     ["sources/actions/sample-action.yaml:6:18: error: covers[2]: 'XX' is not an ISO 3166 alpha-2 country code, e.g. 'SL' [schema.country]"]),
    ('region-without-covers', ACTION, 'country: CI', 'region:\n  en: West Africa\n  fr: Afrique de l’Ouest\n  es: África Occidental',
     ['sources/actions/sample-action.yaml:2:1: error: a region Action lists the countries it covers, for its map (covers: [ISO 3166 codes]); a country Action does not [action.covers]']),
    ('covers-unmapped', ACTION, 'country: CI', 'region:\n  en: West Africa\n  fr: Afrique de l’Ouest\n  es: África Occidental\ncovers: [GH, TV]',
     ['sources/actions/sample-action.yaml:6:14: error: covers[1]: the map data has no outline for TV; expected a country it draws at 1:50m (assets/maps/README.md says which it leaves out) [action.unmapped]']),
    ('country-unmapped', ACTION, 'country: CI', 'country: RE',
     ['sources/actions/sample-action.yaml:2:10: error: country: the map data has no outline for RE; expected a country it draws at 1:50m (assets/maps/README.md says which it leaves out) [action.unmapped]']),
]


@pytest.mark.parametrize("name, relative, old, new, expected", BAD_INPUTS,
                         ids=[case[0] for case in BAD_INPUTS])
def test_bad_input_gives_exactly_these_lines(sample, name, relative, old, new, expected):
    if old is None:
        (sample / relative).write_text(new, encoding="utf-8")
    else:
        edit(sample, relative, old, new)
    assert problems(sample) == expected


def test_an_edition_reads_only_its_own_records_and_the_shared_ones_it_uses(tmp_path):
    project = copy_project("two-editions", tmp_path)
    files = read_sources(project, 2017).files
    assert "sources/editions/2017/edition.yaml" in files
    assert not [f for f in files if "2018" in f or "river" in f]
    # A broken record of 2018 is 2018's problem only.
    (project / "sources/editions/2018/actions/river-action.yaml").write_text("status: [\n")
    (project / "sources/actions/river-action.yaml").write_text(
        "id: river-action\ncountry: XX\ntheme: policy-development\n")
    assert read_sources(project, 2017).edition.year == 2017
    lines = problems(project, 2018)
    assert lines[0].startswith("sources/actions/river-action.yaml:2:10: error: country: 'XX'")
    assert any(line.startswith("sources/editions/2018/actions/river-action.yaml:2:1: error: "
                               "YAML syntax") for line in lines)


def test_a_year_says_what_the_action_did_that_year(tmp_path):
    project = copy_project("two-editions", tmp_path)
    assert read_sources(project, 2017).action("sample-action").status == "ongoing"
    later = read_sources(project, 2018)
    assert later.action("sample-action").status == "delivered"
    assert later.edition.factsheets == ("sample-action", "river-action")


def test_an_edition_that_does_not_exist_names_those_that_do(tmp_path):
    project = copy_project("two-editions", tmp_path)
    assert problems(project, 2016) == [
        "sources/editions/2016/edition.yaml: error: there is no edition 2016; editions: 2017, "
        "2018 [edition.missing]"]


# The project's boundary (issue 15): only regular files inside sources/ are records.

def test_a_symbolic_link_out_of_the_project_is_refused_and_not_quoted(sample, tmp_path):
    outside = tmp_path / "outside.yaml"
    outside.write_text("id: sample-photo\nsecret: the private text of another file\n")
    image = sample / IMAGE
    image.unlink()
    image.symlink_to(outside)
    lines = problems(sample)
    assert lines == [f"{IMAGE}: error: file leads outside the sources/ folder (a symbolic "
                     "link) [path.outside]"]
    assert "secret" not in " ".join(lines)
    (sample / YEAR).unlink()
    (sample / YEAR).symlink_to("/etc/passwd")
    assert f"{YEAR}: error: file leads outside the sources/ folder (a symbolic link) " \
        "[path.outside]" in problems(sample)


def test_a_named_pipe_where_a_record_should_be_is_refused_without_waiting(sample):
    (sample / YEAR).unlink()
    os.mkfifo(sample / YEAR)
    assert problems(sample) == [f"{YEAR}: error: file is not a regular file (a named pipe, a "
                                "device or a folder) [path.not-a-file]"]


def test_editor_droppings_are_not_records_and_yml_is_explained(sample):
    folder = sample / "sources/editions/2017/actions"
    (folder / ".#sample-action.yaml").symlink_to("/nonexistent/emacs-lock")
    (folder / "._sample-action.yaml").write_bytes(b"\x00\x05\x16\x07 macOS resource fork")
    assert read_sources(sample, 2017).action("sample-action")
    (folder / "mali.yml").write_text("id: mali\n")
    assert problems(sample) == ["sources/editions/2017/actions/mali.yml: error: records end "
                                "in .yaml; rename it mali.yaml [source.extension]"]


def test_no_is_norway_not_false(sample):
    edit(sample, ACTION, "country: CI", "country: NO")
    assert read_sources(sample, 2017).action("sample-action").country == "NO"
