"""annotation/imports/: generations in, prompt groups out; a bad row refuses all."""

import json
import os
from unittest import mock

import pytest
from django.core.files.storage import default_storage
from django.test import override_settings

from annotation import synthetic
from annotation.errors import Refused
from annotation.imports import dense_ranking, import_generations, storage_name
from annotation.models import Annotation, Comparison, GroupImage, Image, ImportBatch, Prompt, PromptGroup
from annotation.ranking import expand_ranking_to_pairs
from annotation.services.assignment import next_task
from annotation.services.qualification import QUALIFICATION_PLACES
from tests.factories import make_annotator, make_group, make_project, make_user

from .helpers import Folder, image_bytes, png_header_bomb

pytestmark = pytest.mark.django_db


@pytest.fixture
def folder(tmp_path):
    return Folder(tmp_path / "gen")


@pytest.fixture
def project():
    return make_project()


def refused(**kwargs) -> list:
    with pytest.raises(Refused) as info:
        import_generations(**kwargs)
    return info.value.problems


def assert_nothing_written(project):
    assert not ImportBatch.objects.filter(project=project).exists()
    assert not PromptGroup.objects.filter(project=project).exists()
    assert not Image.objects.filter(project=project).exists()
    assert not Prompt.objects.filter(project=project).exists()
    assert not Annotation.objects.filter(project=project).exists()


# --- Happy paths ---------------------------------------------------------------------------------


def test_jsonl_import_creates_groups_images_and_a_batch(tmp_path, project):
    manifest = synthetic.write_generation_folder(tmp_path, n_groups=3, seed=1, k_range=(4, 5), size=16)
    lines = [json.loads(line) for line in manifest.read_text().splitlines()]
    user = make_user()

    batch = import_generations(project=project, folder=tmp_path, created_by=user)

    assert batch.counts["groups"] == 3 and batch.counts["images"] == len(lines)
    assert batch.created_by == user and batch.format == "jsonl" and batch.source.endswith("manifest.jsonl")
    group = PromptGroup.objects.get(project=project, external_id="syn-000000")
    mine = [line for line in lines if line["group"] == "syn-000000"]
    assert group.prompt.text == mine[0]["prompt"] and group.import_batch == batch
    assert group.annotations_needed == project.annotations_per_group and not group.is_gold
    images = [gi.image for gi in GroupImage.objects.filter(group=group).order_by("position")]
    assert [i.seed for i in images] == [line["seed"] for line in mine]
    assert images[0].generator == synthetic.GENERATOR_NAME and images[0].metadata == mine[0]["metadata"]
    assert (images[0].width, images[0].height) == (16, 16)


def test_imported_images_are_stored_under_their_content_address(tmp_path, project, folder):
    data = image_bytes((1, 2, 3))
    folder.jsonl(
        [
            {"group": "g", "prompt": "p", "image": folder.image("a.png", data)},
            {"group": "g", "prompt": "p", "image": folder.image("b.png")},
        ]
    )
    import_generations(project=project, folder=folder.root)

    import hashlib

    sha = hashlib.sha256(data).hexdigest()
    image = Image.objects.get(project=project, sha256=sha)
    assert image.file.name == storage_name(project, sha, "png") == f"images/{project.pk}/{sha[:2]}/{sha}.png"
    with default_storage.open(image.file.name) as stored:
        assert stored.read() == data


def test_reference_import_reads_train_json(tmp_path, project):
    counts = synthetic.write_reference_dataset(tmp_path, n_groups=12, seed=2, k_range=(4, 6), size=16)
    records = json.loads((tmp_path / "train.json").read_text())

    batch = import_generations(project=project, folder=tmp_path, format="reference")

    assert batch.counts["groups"] == counts["train"]["groups"] == len(records)
    assert batch.counts["annotations"] == 0 and not Annotation.objects.exists()
    group = PromptGroup.objects.get(project=project, external_id=records[0]["id"])
    assert group.group_images.count() == len(records[0]["generations"])


def test_reference_import_of_another_split_by_manifest_name(tmp_path, project):
    counts = synthetic.write_reference_dataset(tmp_path, n_groups=20, seed=2, k_range=(4, 4), size=16)
    batch = import_generations(project=project, folder=tmp_path, format="reference", manifest="test.json")
    assert batch.counts["groups"] == counts["test"]["groups"] > 0


def test_rankings_imported_as_a_named_users_annotations_give_the_right_comparisons(tmp_path, project):
    expert = make_annotator(project, "expert")
    folder = Folder(tmp_path)
    ranking = [2, 1, 5, 2, 3]  # renumbered to [2, 1, 4, 2, 3]: order and ties kept
    folder.reference(
        [
            {
                "id": "g1",
                "prompt": "a red circle",
                "generations": [folder.image(f"g1/{i}.png") for i in range(5)],
                "ranking": ranking,
            }
        ]
    )

    batch = import_generations(project=project, folder=tmp_path, format="reference", rankings_as="expert")

    group = PromptGroup.objects.get(external_id="g1")
    annotation = Annotation.objects.get(group=group)
    assert annotation.annotator == expert and annotation.source == "import"
    ids = list(group.group_images.order_by("position").values_list("image_id", flat=True))
    expected = {(ids[b], ids[w], tie) for b, w, tie in expand_ranking_to_pairs(dense_ranking(ranking))}
    got = set(Comparison.objects.filter(annotation=annotation).values_list("better_id", "worse_id", "is_tie"))
    assert got == expected
    assert (ids[1], ids[0], False) in got and (ids[0], ids[3], True) in got
    assert batch.counts["annotations"] == 1 and batch.counts["comparisons"] == 10
    group.refresh_from_db()
    assert group.annotation_count == 1


def test_jsonl_ranks_imported_as_annotations(project, folder):
    make_annotator(project, "expert")
    folder.jsonl(folder.group_lines("g1", k=4, ranks=[1, 3, 2, 3], category="Abstract"))

    import_generations(project=project, folder=folder.root, rankings_as="expert")

    annotation = Annotation.objects.get(group__external_id="g1")
    assert annotation.prompt_category == "Abstract"
    assert list(
        annotation.image_annotations.order_by("image__group_images__position").values_list("slot", flat=True)
    ) == [1, 3, 2, 3]


def test_gold_import_makes_gold_groups_with_the_ranking_as_answer(project, folder):
    folder.jsonl(folder.group_lines("g1", k=4, ranks=[4, 1, 9, 4]))

    batch = import_generations(project=project, folder=folder.root, gold=True)

    group = PromptGroup.objects.get(external_id="g1")
    assert group.is_gold and group.gold_ranking == [2, 1, 3, 2]
    assert batch.counts["gold_groups"] == 1 and not Annotation.objects.exists()


def test_a_qualification_import_makes_gold_groups_of_the_qualification_set_a_newcomer_gets_first(project, folder):
    newcomer = make_annotator(project, "newcomer")
    project.require_qualification = True
    project.save()
    make_group(project, k=2, prompt="real work", priority=10)
    folder.jsonl(folder.group_lines("q1", k=3, ranks=[1, 2, 3]) + folder.group_lines("q2", k=2, ranks=[2, 1]))

    batch = import_generations(project=project, folder=folder.root, qualification=True)

    groups = PromptGroup.objects.filter(import_batch=batch).order_by("external_id")
    assert [(g.is_gold, g.is_qualification, g.gold_ranking) for g in groups] == [
        (True, True, [1, 2, 3]),
        (True, True, [2, 1]),
    ]
    assert {g.annotations_needed for g in groups} == {QUALIFICATION_PLACES}
    assert (batch.counts["gold_groups"], batch.counts["qualification_groups"]) == (2, 2)
    assert next_task(project=project, annotator=newcomer).group in set(groups)


def test_a_qualification_import_needs_a_ranking_for_every_group_and_writes_nothing_without(project, folder):
    folder.jsonl(folder.group_lines("q1", k=2, ranks=[1, 2]) + folder.group_lines("q2", k=2))

    problems = refused(project=project, folder=folder.root, qualification=True)

    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:3", "ranking_missing")]
    assert_nothing_written(project)


def test_a_qualification_import_may_not_also_record_rankings_as_annotations(project, folder):
    make_annotator(project, "expert")
    folder.jsonl(folder.group_lines("q1", k=2, ranks=[1, 2]))

    problems = refused(project=project, folder=folder.root, qualification=True, rankings_as="expert")

    assert [(p.field, p.rule) for p in problems] == [("qualification", "qualification_with_rankings_as")]
    assert_nothing_written(project)


def test_the_groups_join_the_set_in_the_imports_transaction(project, folder):
    folder.jsonl(folder.group_lines("q1", k=2, ranks=[1, 2]))

    with mock.patch("annotation.imports.writer.put_in_qualification_set", side_effect=RuntimeError("db gone")):
        with pytest.raises(RuntimeError):
            import_generations(project=project, folder=folder.root, qualification=True)

    assert_nothing_written(project)


def test_an_image_listed_in_two_groups_is_stored_once_and_shown_in_both(project, folder):
    shared = folder.image("shared.png")
    lines = folder.group_lines("g1", k=2) + folder.group_lines("g2", k=2)
    lines.append({"group": "g1", "prompt": "prompt of g1", "image": shared})
    lines.append({"group": "g2", "prompt": "prompt of g2", "image": shared})
    folder.jsonl(lines)

    batch = import_generations(project=project, folder=folder.root)

    assert batch.counts["images"] == 5 and batch.counts["images_reused"] == 1
    image = GroupImage.objects.get(group__external_id="g1", position=2).image
    assert GroupImage.objects.filter(image=image).count() == 2


def test_an_image_already_in_the_project_is_reused(project, folder):
    folder.jsonl(folder.group_lines("first", k=3))
    import_generations(project=project, folder=folder.root)
    again = Folder(folder.root.parent / "again")
    lines = again.group_lines("second", k=2)
    lines.append(
        {
            "group": "second",
            "prompt": "prompt of second",
            "image": again.image("old.png", (folder.root / "first/0.png").read_bytes()),
        }
    )
    again.jsonl(lines)

    batch = import_generations(project=project, folder=again.root)

    assert batch.counts["images"] == 2 and batch.counts["images_reused"] == 1
    old = GroupImage.objects.get(group__external_id="first", position=0).image
    assert GroupImage.objects.get(group__external_id="second", position=2).image == old
    assert Image.objects.filter(project=project).count() == 5


def test_a_prompt_already_in_the_project_is_reused(project, folder):
    folder.jsonl(
        folder.group_lines("g1", k=2, prompt="a red circle") + folder.group_lines("g2", k=2, prompt="a red circle")
    )
    batch = import_generations(project=project, folder=folder.root)
    assert batch.counts["prompts"] == 1
    assert PromptGroup.objects.get(external_id="g1").prompt == PromptGroup.objects.get(external_id="g2").prompt


def test_a_symlink_that_stays_inside_the_folder_is_fine(project, folder):
    lines = folder.group_lines("g1", k=2)
    os.symlink(folder.root / "g1/0.png", folder.root / "alias.png")
    folder.image("g1/extra.png")
    lines[1]["image"] = "alias.png"
    lines.append({"group": "g1", "prompt": "prompt of g1", "image": "g1/extra.png"})
    folder.jsonl(lines)
    with pytest.raises(Refused) as info:  # alias.png is g1/0.png: the same image twice in g1
        import_generations(project=project, folder=folder.root)
    assert [p.rule for p in info.value.problems] == ["duplicate_in_group"]


# --- Refusals: every bad row, with its line, and nothing written ---------------------------------


def test_path_escaping_the_folder_is_refused_with_its_line(tmp_path, project, folder):
    (tmp_path / "outside.png").write_bytes(image_bytes())
    os.symlink(tmp_path / "outside.png", folder.root / "link.png")
    lines = folder.group_lines("g1", k=2)
    lines += [
        {"group": "g1", "prompt": "prompt of g1", "image": "../outside.png"},
        {"group": "g1", "prompt": "prompt of g1", "image": str(tmp_path / "outside.png")},
        {"group": "g1", "prompt": "prompt of g1", "image": "link.png"},
        {"group": "g1", "prompt": "prompt of g1", "image": "g1/../../outside.png"},
    ]
    folder.jsonl(lines)

    problems = refused(project=project, folder=folder.root)

    assert [(p.field, p.rule) for p in problems] == [
        (f"manifest.jsonl:{n}.image", "path_outside_folder") for n in (3, 4, 5, 6)
    ]
    assert_nothing_written(project)


def test_a_file_that_is_not_an_image_is_refused(project, folder):
    lines = folder.group_lines("g1", k=2)
    lines.append({"group": "g1", "prompt": "prompt of g1", "image": folder.image("notes.png", b"just some text")})
    folder.jsonl(lines)

    problems = refused(project=project, folder=folder.root)

    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:3.image", "not_an_image")]
    assert_nothing_written(project)


def test_a_truncated_image_is_refused(project, folder):
    lines = folder.group_lines("g1", k=2)
    lines.append(
        {"group": "g1", "prompt": "prompt of g1", "image": folder.image("cut.png", image_bytes(size=(64, 64))[:60])}
    )
    folder.jsonl(lines)
    problems = refused(project=project, folder=folder.root)
    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:3.image", "broken_image")]


def test_an_image_format_browsers_are_not_given_is_refused(project, folder):
    lines = folder.group_lines("g1", k=2)
    lines.append({"group": "g1", "prompt": "prompt of g1", "image": folder.image("a.gif", image_bytes(fmt="GIF"))})
    folder.jsonl(lines)
    problems = refused(project=project, folder=folder.root)
    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:3.image", "unsupported_format")]


def test_a_decompression_bomb_is_refused_before_decoding(project, folder):
    lines = folder.group_lines("g1", k=2)
    lines.append({"group": "g1", "prompt": "prompt of g1", "image": folder.image("bomb.png", png_header_bomb())})
    folder.jsonl(lines)

    problems = refused(project=project, folder=folder.root)

    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:3.image", "too_many_pixels")]
    assert_nothing_written(project)


def test_an_image_over_the_pixel_bound_is_refused(project, folder):
    folder.jsonl(folder.group_lines("g1", k=2))  # 8x8 images
    with override_settings(MAX_IMAGE_PIXELS=63):
        problems = refused(project=project, folder=folder.root)
    assert [(p.field, p.rule) for p in problems] == [(f"manifest.jsonl:{n}.image", "too_many_pixels") for n in (1, 2)]


def test_missing_fields_and_bad_json_are_reported_line_by_line(project, folder):
    lines = folder.group_lines("g1", k=2)
    lines += [
        {"prompt": "no group", "image": folder.image("x.png")},
        "{not json",
        "",
        {"group": "g1", "image": folder.image("y.png")},
        {"group": "g1", "prompt": "prompt of g1"},
        {"group": "g1", "prompt": "prompt of g1", "image": folder.image("z.png"), "seed": "forty-two", "colour": 1},
        {"group": "g1", "prompt": "another prompt", "image": folder.image("w.png")},
    ]
    folder.jsonl(lines)

    problems = refused(project=project, folder=folder.root)

    assert [(p.field, p.rule) for p in problems] == [
        ("manifest.jsonl:3.group", "required"),
        ("manifest.jsonl:4", "invalid_json"),
        ("manifest.jsonl:6.prompt", "required"),
        ("manifest.jsonl:7.image", "required"),
        ("manifest.jsonl:8", "unknown_field"),
        ("manifest.jsonl:8.seed", "invalid"),
        ("manifest.jsonl:9.prompt", "prompt_mismatch"),
    ]
    assert_nothing_written(project)


def test_a_missing_image_file_is_refused(project, folder):
    lines = folder.group_lines("g1", k=2)
    lines.append({"group": "g1", "prompt": "prompt of g1", "image": "nowhere.png"})
    folder.jsonl(lines)
    problems = refused(project=project, folder=folder.root)
    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:3.image", "not_found")]


def test_reference_rows_are_reported_by_index(project, folder):
    good = [folder.image(f"g/{i}.png") for i in range(3)]
    folder.reference(
        [
            {"id": "ok", "prompt": "p", "generations": good, "ranking": [1, 2, 3]},
            {"id": "r1", "prompt": "p", "generations": [good[0], "../escape.png"], "ranking": [1, 2]},
            {"id": "r2", "prompt": "p", "generations": good[:2]},
            {"id": "r3", "prompt": "p", "generations": good[:2], "ranking": [1, 0]},
            {
                "id": "ok",
                "prompt": "p",
                "generations": [folder.image("h/0.png"), folder.image("h/1.png")],
                "ranking": [1, 2],
            },
        ]
    )

    problems = refused(project=project, folder=folder.root, format="reference")

    assert [(p.field, p.rule) for p in problems] == [
        ("train.json[2].ranking", "required"),
        ("train.json[3].ranking", "invalid_ranking"),
        ("train.json[1].generations[1]", "path_outside_folder"),
        ("train.json[4]", "duplicate_group"),
    ]
    assert_nothing_written(project)


def test_unknown_format_is_refused(project, folder):
    folder.jsonl(folder.group_lines("g1", k=2))
    problems = refused(project=project, folder=folder.root, format="csv")
    assert [(p.field, p.rule) for p in problems] == [("format", "unknown_format")]


def test_a_missing_manifest_or_folder_is_refused(tmp_path, project, folder):
    assert [p.rule for p in refused(project=project, folder=folder.root)] == ["not_found"]
    assert [p.field for p in refused(project=project, folder=tmp_path / "nope")] == ["folder"]
    assert [p.rule for p in refused(project=project, folder=folder.root, manifest="../manifest.jsonl")] == ["not_found"]


def test_the_same_image_twice_in_a_group_is_refused(project, folder):
    lines = folder.group_lines("g1", k=2)
    lines.append(
        {
            "group": "g1",
            "prompt": "prompt of g1",
            "image": folder.image("copy.png", (folder.root / "g1/0.png").read_bytes()),
        }
    )
    folder.jsonl(lines)
    problems = refused(project=project, folder=folder.root)
    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:3.image", "duplicate_in_group")]
    assert_nothing_written(project)


def test_importing_a_group_id_twice_is_refused(project, folder):
    folder.jsonl(folder.group_lines("g1", k=2))
    first = import_generations(project=project, folder=folder.root)

    with pytest.raises(Refused) as info:
        import_generations(project=project, folder=folder.root)

    assert [(p.field, p.rule) for p in info.value.problems] == [("manifest.jsonl:1", "group_exists")]
    assert f"import batch {first.pk}" in info.value.problems[0].message
    assert ImportBatch.objects.count() == 1 and PromptGroup.objects.count() == 1


def test_a_group_must_fit_the_projects_slots(folder):
    project = make_project(ranking_slots=2, max_images_per_slot=2)
    folder.jsonl(folder.group_lines("small", k=1) + folder.group_lines("big", k=5) + folder.group_lines("ok", k=4))
    problems = refused(project=project, folder=folder.root)
    assert [(p.field, p.rule) for p in problems] == [
        ("manifest.jsonl:1", "group_size"),
        ("manifest.jsonl:2", "group_size"),
    ]


def test_an_imported_ranking_must_fit_the_projects_slots(project, folder):
    make_annotator(project, "expert")
    folder.jsonl(
        folder.group_lines("long", k=6, ranks=[1, 2, 3, 4, 5, 6])
        + folder.group_lines("crowded", k=4, ranks=[1, 1, 1, 2])
    )
    problems = refused(project=project, folder=folder.root, rankings_as="expert")
    assert [(p.field, p.rule) for p in problems] == [
        ("manifest.jsonl:1.rank", "ranking_too_long"),
        ("manifest.jsonl:7.rank", "slot_too_full"),
    ]


def test_ranks_on_some_lines_of_a_group_only_are_refused(project, folder):
    lines = folder.group_lines("g1", k=3, ranks=[1, 2, 3])
    del lines[1]["rank"]
    lines[2]["rank"] = "first"
    folder.jsonl(lines + folder.group_lines("g2", k=2, ranks=[1, True]))
    problems = refused(project=project, folder=folder.root, gold=True)
    assert [(p.field, p.rule) for p in problems] == [
        ("manifest.jsonl:2.rank", "rank_missing"),
        ("manifest.jsonl:3.rank", "invalid_rank"),
        ("manifest.jsonl:5.rank", "invalid_rank"),
    ]


def test_gold_needs_a_ranking_for_every_group(project, folder):
    folder.jsonl(folder.group_lines("g1", k=2))
    problems = refused(project=project, folder=folder.root, gold=True)
    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:1", "ranking_missing")]


def test_rankings_of_an_unknown_user_or_both_gold_and_annotation_are_refused(project, folder):
    make_annotator(project, "expert")
    folder.jsonl(folder.group_lines("g1", k=2, ranks=[1, 2]))
    assert [p.rule for p in refused(project=project, folder=folder.root, rankings_as="nobody")] == ["unknown_user"]
    problems = refused(project=project, folder=folder.root, rankings_as="expert", gold=True)
    assert [p.rule for p in problems] == ["gold_with_rankings_as"]


def test_a_category_must_be_one_of_the_projects(project, folder):
    folder.jsonl(folder.group_lines("g1", k=2, category="Spaceships"))
    problems = refused(project=project, folder=folder.root)
    assert [(p.field, p.rule) for p in problems] == [("manifest.jsonl:1.category", "unknown_category")]


def test_a_refusal_from_the_submission_service_rolls_back_the_whole_import(project, folder):
    expert = make_annotator(project, "expert")
    folder.jsonl(folder.group_lines("g1", k=2, ranks=[1, 2]) + folder.group_lines("g2", k=2, ranks=[2, 1]))
    existing = make_group(project, k=2)
    assert existing.pk  # the project already holds data that must survive

    from unittest import mock

    from annotation.errors import Problem

    calls = []

    def refuse_second(**kwargs):
        calls.append(kwargs["group"].external_id)
        if len(calls) == 2:
            raise Refused(Problem("judgments", "slot_range", "no"))
        from annotation.services.submission import record_annotation

        return record_annotation(**kwargs)

    with mock.patch("annotation.imports.writer.record_annotation", side_effect=refuse_second):
        with pytest.raises(Refused) as info:
            import_generations(project=project, folder=folder.root, rankings_as=expert.username)

    assert [(p.field, p.rule) for p in info.value.problems] == [("manifest.jsonl:3.rank", "slot_range")]
    assert not ImportBatch.objects.exists() and not Annotation.objects.exists()
    assert list(PromptGroup.objects.filter(project=project)) == [existing]


def test_dense_ranking_keeps_order_and_ties():
    assert dense_ranking([1, 2, 5, 3]) == [1, 2, 4, 3]
    assert dense_ranking([3, 3, 7, 1]) == [2, 2, 3, 1]


def test_rankings_may_be_recorded_only_in_the_name_of_an_annotator_of_the_project(project, folder):
    outsider, admin = make_user("outsider"), make_user("root", is_staff=True)
    other = make_project()
    make_annotator(other, "elsewhere")
    make_project(members={make_user("reviewer1"): "reviewer"})
    folder.jsonl(folder.group_lines("g1", k=2, ranks=[1, 2]))

    for username in (outsider.username, admin.username, "elsewhere"):
        problems = refused(project=project, folder=folder.root, rankings_as=username)
        assert [(p.field, p.rule) for p in problems] == [("rankings_as", "not_an_annotator")]
    assert not PromptGroup.objects.filter(project=project).exists()
