"""The directories: organisational units and donors."""

from __future__ import annotations

import pytest

from tests.web import signed_in

pytestmark = pytest.mark.django_db


class TestDirectories:
    def test_units_list_heads_and_focal_points(
        self, viewer, focal_point, unit_head, unit, other_unit, django_assert_max_num_queries
    ) -> None:
        unit_head.first_name, unit_head.last_name = "ლევან", "ქორიძე"
        unit_head.save()
        unit.head = unit_head
        unit.save()
        client = signed_in(viewer)
        with django_assert_max_num_queries(8):
            page = client.get("/units/").content.decode()
        start = page.index(unit.name_ka)
        row = page[start : page.index("</tr>", start)]
        assert "ლევან ქორიძე" in row and focal_point.email in row
        assert other_unit.name_ka in page

    def test_donors_with_their_iati_type_in_georgian(self, viewer, donor) -> None:
        page = signed_in(viewer).get("/donors/").content.decode()
        assert donor.name_ka in page and "მრავალმხრივი ორგანიზაცია" in page
