"""Resource embedding, as PostgREST's documentation shows it
(docs.postgrest.org, references/api/resource_embedding.rst) on its film database: here the
base tables live in a schema that is not exposed and the API serves views over them, so every
relationship is inferred from the views' base tables' foreign keys ("Foreign Key Joins on
Views"), also through a chain of views; errors with PostgREST v13's bodies (Error.hs)."""

from __future__ import annotations

import httpx

from tests.pgrst.conftest import assert_error


def get(client: httpx.Client, path: str, **params: str) -> httpx.Response:
    return client.get(path, params=params)


def test_many_to_one_is_an_object(client: httpx.Client) -> None:
    r = get(client, "/films", select="title,directors(id,last_name)", id="lte.3", order="id")
    assert r.status_code == 200, r.text
    assert r.json() == [
        {"title": "Workers Leaving The Lumière Factory In Lyon",
         "directors": {"id": 2, "last_name": "Lumière"}},
        {"title": "The Dickson Experimental Sound Film",
         "directors": {"id": 1, "last_name": "Dickson"}},
        {"title": "The Haunted Castle", "directors": {"id": 3, "last_name": "Méliès"}},
    ]  # fmt: skip


def test_alias_and_null_foreign_key(client: httpx.Client) -> None:
    r = get(client, "/films", select="title,director:directors(last_name)", id="in.(2,4)",
            order="id")  # fmt: skip
    assert r.json() == [
        {"title": "The Dickson Experimental Sound Film", "director": {"last_name": "Dickson"}},
        {"title": "An Anonymous Reel", "director": None},
    ]


def test_one_to_many_is_an_array(client: httpx.Client) -> None:
    r = get(client, "/directors", select="last_name,films(title)", order="id",
            **{"films.order": "id"})  # fmt: skip
    assert r.json() == [
        {"last_name": "Dickson", "films": [{"title": "The Dickson Experimental Sound Film"}]},
        {"last_name": "Lumière", "films": [
            {"title": "Workers Leaving The Lumière Factory In Lyon"},
            {"title": "The Sprinkler Sprinkled"}]},
        {"last_name": "Méliès", "films": [{"title": "The Haunted Castle"}]},
    ]  # fmt: skip


def test_one_to_one_both_ways(client: httpx.Client) -> None:
    r = get(client, "/films", select="id,technical_specs(camera)", id="lte.2", order="id")
    assert r.json() == [
        {"id": 1, "technical_specs": {"camera": "Cinématographe"}},
        {"id": 2, "technical_specs": None},
    ]
    r = get(client, "/technical_specs", select="camera,films(title)", film_id="eq.3")
    assert r.json() == [{"camera": "Star Film", "films": {"title": "The Haunted Castle"}}]


def test_nested_embedding_and_star(client: httpx.Client) -> None:
    r = get(client, "/directors", select="*,films(title,technical_specs(*))", id="eq.3")
    assert r.json() == [
        {"id": 3, "first_name": "Georges", "last_name": "Méliès",
         "films": [{"title": "The Haunted Castle",
                    "technical_specs": {"film_id": 3, "camera": "Star Film"}}]},
    ]  # fmt: skip


def test_embedded_filters_do_not_filter_the_top_level(client: httpx.Client) -> None:
    r = get(client, "/directors", select="last_name,films(title)", order="id",
            **{"films.language": "eq.english"})  # fmt: skip
    assert r.json() == [
        {"last_name": "Dickson", "films": [{"title": "The Dickson Experimental Sound Film"}]},
        {"last_name": "Lumière", "films": []},
        {"last_name": "Méliès", "films": []},
    ]
    r = get(client, "/films", select="id,directors(last_name)", id="lte.3", order="id",
            **{"directors.last_name": "eq.Méliès"})  # fmt: skip
    assert r.json() == [
        {"id": 1, "directors": None}, {"id": 2, "directors": None},
        {"id": 3, "directors": {"last_name": "Méliès"}},
    ]  # fmt: skip


def test_inner_filters_the_top_level(client: httpx.Client) -> None:
    r = get(client, "/directors", select="last_name,films!inner(title)",
            **{"films.language": "eq.english"})  # fmt: skip
    assert r.json() == [
        {"last_name": "Dickson", "films": [{"title": "The Dickson Experimental Sound Film"}]}
    ]
    r = get(client, "/films", select="id,directors!inner(last_name)", order="id",
            **{"directors.last_name": "eq.Lumière"})  # fmt: skip
    assert r.json() == [
        {"id": 1, "directors": {"last_name": "Lumière"}},
        {"id": 5, "directors": {"last_name": "Lumière"}},
    ]
    # the exact count counts what the inner join keeps
    r = client.get("/films", params={"select": "id,directors!inner(id)",
                                     "directors.id": "eq.2"},
                   headers={"Prefer": "count=exact"})  # fmt: skip
    assert r.headers["content-range"] == "0-1/2"


def test_embedded_order_limit_offset_and_or(client: httpx.Client) -> None:
    r = get(client, "/directors", select="id,films(id)", id="eq.2",
            **{"films.order": "id.desc", "films.limit": "1"})  # fmt: skip
    assert r.json() == [{"id": 2, "films": [{"id": 5}]}]
    r = get(client, "/directors", select="id,films(id)", id="eq.2",
            **{"films.order": "id", "films.offset": "1"})  # fmt: skip
    assert r.json() == [{"id": 2, "films": [{"id": 5}]}]
    r = get(client, "/directors", select="id,films(id)", id="eq.2",
            **{"films.or": "(id.eq.1,year.gt.1900)"})  # fmt: skip
    assert r.json() == [{"id": 2, "films": [{"id": 1}]}]


def test_filters_on_an_aliased_embed(client: httpx.Client) -> None:
    r = get(client, "/directors", select="id,early:films(id),late:films(id)", id="eq.2",
            **{"early.year": "lt.1895", "late.year": "gte.1895", "late.order": "id"})  # fmt: skip
    assert r.json() == [{"id": 2, "early": [], "late": [{"id": 1}, {"id": 5}]}]


def test_chain_of_views(client: httpx.Client) -> None:
    """film_titles is a view over the films view; its `dir` column is films.director_id."""
    r = get(client, "/film_titles", select="title,directors(last_name)", id="eq.3")
    assert r.json() == [{"title": "The Haunted Castle", "directors": {"last_name": "Méliès"}}]


def test_table_valued_function(client: httpx.Client) -> None:
    r = get(client, "/rpc/getallfilms", select="title,directors(id,last_name)",
            title="like.*Workers*")  # fmt: skip
    assert r.json() == [
        {"title": "Workers Leaving The Lumière Factory In Lyon",
         "directors": {"id": 2, "last_name": "Lumière"}}
    ]  # fmt: skip


def test_ambiguous_embedding_is_pgrst201(client: httpx.Client) -> None:
    r = get(client, "/orders", select="*,addresses(*)")
    assert_error(
        r, 300, "PGRST201",
        "Could not embed because more than one relationship was found for 'orders' and "
        "'addresses'",
        [
            {"cardinality": "many-to-one", "embedding": "orders with addresses",
             "relationship": "billing using orders(billing_address_id) and addresses(id)"},
            {"cardinality": "many-to-one", "embedding": "orders with addresses",
             "relationship": "shipping using orders(shipping_address_id) and addresses(id)"},
        ],
        "Try changing 'addresses' to one of the following: 'addresses!billing', "
        "'addresses!shipping'. Find the desired relationship in the 'details' key.",
    )  # fmt: skip


def test_disambiguation_by_constraint(client: httpx.Client) -> None:
    r = get(client, "/orders", select="name,billing_address:addresses!billing(name),"
            "shipping_address:addresses!shipping(name)", id="eq.1")  # fmt: skip
    assert r.json() == [
        {"name": "Personal Water Filter",
         "billing_address": {"name": "32 Glenlake Dr.Dearborn, MI 48124"},
         "shipping_address": {"name": "30 Glenlake Dr.Dearborn, MI 48124"}}
    ]  # fmt: skip
    r = get(client, "/addresses", select="name,billing_orders:orders!billing(name),"
            "shipping_orders:orders!shipping(name)", id="eq.1",
            **{"billing_orders.order": "id"})  # fmt: skip
    assert r.json() == [
        {"name": "32 Glenlake Dr.Dearborn, MI 48124",
         "billing_orders": [{"name": "Personal Water Filter"}, {"name": "Coffee Machine"}],
         "shipping_orders": [{"name": "Coffee Machine"}]}
    ]  # fmt: skip


def test_no_relationship_is_pgrst200(client: httpx.Client) -> None:
    r = get(client, "/films", select="*,noclosealternative(*)")
    assert_error(
        r, 400, "PGRST200",
        "Could not find a relationship between 'films' and 'noclosealternative' in the schema "
        "cache",
        "Searched for a foreign key relationship between 'films' and 'noclosealternative' in "
        "the schema 'api', but no matches were found.",
    )  # fmt: skip
    r = get(client, "/films", select="*,directors!noclosealternative(*)")
    assert_error(
        r, 400, "PGRST200",
        "Could not find a relationship between 'films' and 'directors' in the schema cache",
        "Searched for a foreign key relationship between 'films' and 'directors' using the "
        "hint 'noclosealternative' in the schema 'api', but no matches were found.",
    )  # fmt: skip


def test_parameter_for_a_resource_not_embedded_is_pgrst108(client: httpx.Client) -> None:
    r = get(client, "/films", select="title", **{"directors.last_name": "eq.Dickson"})
    assert_error(
        r, 400, "PGRST108", "'directors' is not an embedded resource in this request", None,
        "Verify that 'directors' is included in the 'select' query parameter.",
    )  # fmt: skip


def test_order_by_an_embedded_to_one_column(client: httpx.Client) -> None:
    """docs: resource_embedding.rst, ordering the top level by a to-one embed's column."""
    r = get(client, "/films", select="id,directors(last_name)", id="in.(1,2,3)",
            order="directors(last_name).desc")  # fmt: skip
    assert [f["directors"]["last_name"] for f in r.json()] == ["Méliès", "Lumière", "Dickson"]
    r = get(client, "/films", select="id,d:directors(last_name)", id="in.(1,2,3)",
            order="d(last_name)")  # fmt: skip
    assert [f["id"] for f in r.json()] == [2, 1, 3]


def test_related_order_errors(client: httpx.Client) -> None:
    r = get(client, "/directors", select="id,films(id)", order="films(id)")
    assert_error(
        r, 400, "PGRST118", "A related order on 'films' is not possible",
        "'directors' and 'films' do not form a many-to-one or one-to-one relationship",
    )  # fmt: skip
    r = get(client, "/films", select="id", order="directors(last_name)")
    assert_error(
        r, 400, "PGRST108", "'directors' is not an embedded resource in this request", None,
        "Verify that 'directors' is included in the 'select' query parameter.",
    )  # fmt: skip


def test_null_filtering_on_embedded_resources(client: httpx.Client) -> None:
    """docs: resource_embedding.rst, "Null filtering on Embedded Resources"."""
    r = get(client, "/films", select="id,technical_specs(camera)", order="id",
            technical_specs="not.is.null")  # fmt: skip
    assert [f["id"] for f in r.json()] == [1, 3]
    r = get(client, "/films", select="id,technical_specs()", order="id",
            technical_specs="is.null")  # fmt: skip
    assert r.json() == [{"id": 2}, {"id": 4}, {"id": 5}]  # an empty embed is not output
    r = get(client, "/directors", select="id,films(id)", order="id",
            films="is.null", **{"films.language": "eq.english"})  # fmt: skip
    assert [d["id"] for d in r.json()] == [2, 3]
    r = get(client, "/films", select="id,technical_specs(camera)", technical_specs="eq.x")
    assert_error(
        r, 400, "PGRST120", "Bad operator on the 'technical_specs' embedded resource",
        "Only is null or not is null filters are allowed on embedded resources",
    )  # fmt: skip


def test_embedding_after_a_write(client: httpx.Client, user_headers: dict[str, str]) -> None:
    """docs: resource_embedding.rst, "Foreign Key Joins on Writes"."""
    headers = {**user_headers, "Prefer": "return=representation, tx=rollback"}
    r = client.post("/orders", params={"select": "id,billing:addresses!billing(name)"},
                    json={"id": 9, "name": "Kettle", "billing_address_id": 2},
                    headers=headers)  # fmt: skip
    assert r.status_code == 201, r.text
    assert r.json() == [{"id": 9, "billing": {"name": "30 Glenlake Dr.Dearborn, MI 48124"}}]
