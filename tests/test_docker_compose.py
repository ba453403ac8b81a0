"""Static checks for the Docker deployment: docker-compose.yml, Dockerfile, .env.example.

No Docker daemon is needed. The compose file is validated against the vendored
Compose Specification schema (tests/schemas/compose-spec.json, see the README
there) and its wiring is checked: ports, healthcheck, start-up order, one-shot
loader, credentials only from environment interpolation, and a Neo4j image in
step with the version the Neo4j launcher embeds (loaders/neo4j_launcher/pom.xml).

Every test reads its input through fixtures (``compose``/``compose_text`` from
``compose_path``, ``pom_path``, ``env_example_path``, ...), so the same test
functions can be called directly on a deliberately broken copy of any file.
"""

from __future__ import annotations

import fnmatch
import json
import re
import shlex
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"
SCHEMA_FILE = REPO / "tests" / "schemas" / "compose-spec.json"
POM_FILE = REPO / "loaders" / "neo4j_launcher" / "pom.xml"
ENV_EXAMPLE = REPO / ".env.example"
GITIGNORE = REPO / ".gitignore"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"

# Neo4j major version the project targets (5.26 LTS; the minor comes from the pom).
NEO4J_MAJOR = 5
NEO4J_BOLT_PORT = 7687

# Environment keys / variable names that carry credentials.
SECRET_KEY_RE = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|AUTH|API_?KEY|CREDENTIAL", re.I)
SECRET_VAR_RE = re.compile(r"PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|CREDENTIAL", re.I)


# --------------------------------------------------------------------------- helpers


def load_compose(path: Path = COMPOSE_FILE) -> dict[str, Any]:
    assert path.is_file(), f"{path} is missing"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path} is not a YAML mapping"
    return data


def load_schema(path: Path = SCHEMA_FILE) -> dict[str, Any]:
    assert path.is_file(), f"vendored Compose schema {path} is missing (see tests/schemas/README.md)"
    return json.loads(path.read_text(encoding="utf-8"))


def service(compose: dict[str, Any], name: str) -> dict[str, Any]:
    services = compose.get("services") or {}
    assert name in services, f"service {name!r} missing from docker-compose.yml (have: {sorted(services)})"
    return services[name] or {}


def iter_strings(node: Any) -> Iterator[str]:
    """Every string in a parsed YAML tree (keys and values); lists of strings
    are also yielded joined with spaces, so `["-p", "x"]` is seen as `-p x`."""
    if isinstance(node, str):
        yield node
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from iter_strings(key)
            yield from iter_strings(value)
    elif isinstance(node, list):
        if node and all(isinstance(item, str) for item in node):
            yield " ".join(node)
        for item in node:
            yield from iter_strings(item)


_NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_OPERATORS = (":-", ":?", ":+", "-", "?", "+")


def interpolations(text: str) -> list[tuple[str, str | None, str]]:
    """Compose interpolation expressions in ``text`` as (name, operator, argument).

    Handles ``$VAR``, ``${VAR}``, ``${VAR<op>arg}`` for the operators Compose
    supports, nested expressions inside ``arg``, and the ``$$`` escape.
    """
    found: list[tuple[str, str | None, str]] = []
    i = 0
    while i < len(text):
        if text[i] != "$":
            i += 1
            continue
        nxt = text[i + 1 : i + 2]
        if nxt == "$":  # escaped: a literal "$" for the container, not interpolation
            i += 2
            continue
        if nxt == "{":
            depth, j = 1, i + 2
            while j < len(text) and depth:
                depth += {"{": 1, "}": -1}.get(text[j], 0)
                j += 1
            inner = text[i + 2 : j - 1]
            match = _NAME_RE.match(inner)
            if match:
                rest = inner[match.end() :]
                op = next((o for o in _OPERATORS if rest.startswith(o)), None)
                arg = rest[len(op) :] if op else rest
                found.append((match.group(), op, arg))
                found.extend(interpolations(arg))
            i = j
            continue
        match = _NAME_RE.match(text, i + 1)
        if match:
            found.append((match.group(), None, ""))
            i = match.end()
        else:
            i += 1
    return found


def interpolated_variables(compose: dict[str, Any]) -> set[str]:
    return {name for text in iter_strings(compose) for name, _, _ in interpolations(text)}


def is_bare_secret_interpolation(value: str) -> bool:
    """True if ``value`` is exactly one interpolation with no literal fallback."""
    value = value.strip()
    exprs = interpolations(value)
    if not exprs:
        return False
    name, op, _ = exprs[0]
    if op not in (None, "?", ":?"):
        return False
    return re.fullmatch(r"\$\{" + name + r"(?:[:]?\?[^}]*)?\}|\$" + name, value) is not None


def environment(svc: dict[str, Any]) -> dict[str, str | None]:
    env = svc.get("environment") or {}
    if isinstance(env, list):  # ["KEY=value", "KEY"]
        pairs = (item.split("=", 1) if "=" in item else (item, None) for item in env)
        return {key: value for key, value in pairs}
    return {key: (None if value is None else str(value)) for key, value in env.items()}


def container_ports(svc: dict[str, Any]) -> set[int]:
    """Container-side ports of a service's `ports:` (short or long syntax)."""
    result: set[int] = set()
    for entry in svc.get("ports") or []:
        if isinstance(entry, dict):
            target = str(entry.get("target", ""))
        else:
            target = str(entry).split("/")[0].rsplit(":", 1)[-1]
        if "-" in target:
            low, high = (int(part) for part in target.split("-"))
            result.update(range(low, high + 1))
        elif target.isdigit():
            result.add(int(target))
    return result


def depends_on(svc: dict[str, Any]) -> dict[str, str]:
    deps = svc.get("depends_on") or {}
    if isinstance(deps, list):  # short syntax means "service_started"
        return {name: "service_started" for name in deps}
    return {name: (spec or {}).get("condition", "service_started") for name, spec in deps.items()}


def command_argv(svc: dict[str, Any]) -> list[str]:
    cmd = svc.get("command")
    if cmd is None:
        return []
    return shlex.split(cmd) if isinstance(cmd, str) else [str(part) for part in cmd]


def healthcheck_command(svc: dict[str, Any]) -> str:
    test = (svc.get("healthcheck") or {}).get("test")
    if isinstance(test, list):
        assert test and test[0] in (
            "CMD",
            "CMD-SHELL",
        ), f"healthcheck test must start with CMD or CMD-SHELL: {test!r}"
        return " ".join(test[1:])
    return test or ""


def version_major_minor(text: str) -> tuple[int, int] | None:
    match = re.match(r"(\d+)\.(\d+)", text)
    return (int(match.group(1)), int(match.group(2))) if match else None


def split_image(image: str) -> tuple[str, str]:
    name, _, tag = image.rpartition(":") if ":" in image.rsplit("/", 1)[-1] else (image, "", "latest")
    return name, tag


def pom_neo4j_version(pom: Path = POM_FILE) -> str:
    """The Neo4j version the test launcher embeds: the org.neo4j:neo4j dependency
    version (resolving ${...} properties), else the <neo4j.version> property."""
    assert pom.is_file(), (
        f"{pom.relative_to(REPO) if pom.is_relative_to(REPO) else pom} not found: the Neo4j test "
        "launcher pom pins the Neo4j version the compose image must match (major.minor)"
    )
    root = ET.parse(pom).getroot()

    def local(tag: str) -> str:
        return tag.rsplit("}", 1)[-1]

    def child_text(elem: ET.Element, name: str) -> str | None:
        for child in elem:
            if local(child.tag) == name:
                return (child.text or "").strip()
        return None

    properties: dict[str, str] = {}
    for elem in root:
        if local(elem.tag) == "properties":
            properties.update({local(p.tag): (p.text or "").strip() for p in elem})

    def resolve(value: str, depth: int = 0) -> str:
        assert depth < 10, f"property cycle while resolving {value!r} in {pom}"
        replaced = re.sub(r"\$\{([^}]+)\}", lambda m: properties.get(m.group(1), m.group(0)), value)
        return replaced if replaced == value else resolve(replaced, depth + 1)

    for dep in root.iter():
        if local(dep.tag) != "dependency":
            continue
        if child_text(dep, "groupId") == "org.neo4j" and child_text(dep, "artifactId") == "neo4j":
            version = child_text(dep, "version")
            if version:
                return resolve(version)
    if "neo4j.version" in properties:
        return resolve(properties["neo4j.version"])
    raise AssertionError(f"{pom}: no org.neo4j:neo4j dependency version and no <neo4j.version> property")


def read_env_file(path: Path) -> dict[str, str]:
    values: dict[str, str] = {}
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        line = line.removeprefix("export ").strip()
        key, sep, value = line.partition("=")
        if sep:
            values[key.strip()] = value.strip().strip("'\"")
    return values


def gitignore_ignores(gitignore_text: str, filename: str) -> bool:
    """Minimal .gitignore evaluation for a file at the repository root."""
    ignored = False
    for raw in gitignore_text.splitlines():
        pattern = raw.rstrip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern[1:] if negate else pattern
        if pattern.endswith("/"):  # directories only
            continue
        pattern = pattern.lstrip("/").removeprefix("**/")
        if fnmatch.fnmatchcase(filename, pattern):
            ignored = not negate
    return ignored


# ----- the "no literal password" checks; each returns a list of problems -----


def secret_env_problems(compose: dict[str, Any], compose_text: str) -> list[str]:
    """Credential-bearing environment values must be interpolated, never literal."""
    problems = []
    for name, svc in (compose.get("services") or {}).items():
        for key, value in environment(svc or {}).items():
            if value is None or not SECRET_KEY_RE.search(key):
                continue  # value None = passed through from the caller's environment
            if key.endswith("_AUTH"):  # NEO4J_AUTH: "<user>/<password>" or "none"
                if value.strip().lower() == "none":
                    problems.append(f"{name}.{key} disables authentication")
                    continue
                _, slash, password = value.partition("/")
                if not slash or not is_bare_secret_interpolation(password):
                    problems.append(
                        f"{name}.{key}: password part must be a bare ${{VAR}} interpolation, got {value!r}"
                    )
            elif not is_bare_secret_interpolation(value):
                problems.append(f"{name}.{key} must be a bare ${{VAR}} interpolation, got {value!r}")
    return problems


def secret_default_problems(compose: dict[str, Any], compose_text: str) -> list[str]:
    """`${NEO4J_PASSWORD:-hunter2}` would hard-code a fallback password."""
    return [
        f"${{{name}{op}{arg}}} gives a credential a literal fallback"
        for text in iter_strings(compose)
        for name, op, arg in interpolations(text)
        if SECRET_VAR_RE.search(name) and op in ("-", ":-", "+", ":+")
    ]


def password_flag_problems(compose: dict[str, Any], compose_text: str) -> list[str]:
    """`-p secret` / `--password=secret` in commands and healthchecks."""
    flag = re.compile(r"(?:^|\s)(?:-p|--password)(?:\s+|=)(\S+)")
    return [
        f"literal password argument {m.group(1)!r} in {text!r}"
        for text in iter_strings(compose)
        for m in flag.finditer(text)
        if not m.group(1).lstrip("\"'").startswith("$")
    ]


def uri_credential_problems(compose: dict[str, Any], compose_text: str) -> list[str]:
    """`bolt://neo4j:secret@host` style URIs."""
    userinfo = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^/\s:@]+:([^@\s/]+)@")
    return [
        f"credentials embedded in URI {text!r}"
        for text in iter_strings(compose)
        for m in userinfo.finditer(text)
        if not m.group(1).startswith("$")
    ]


def known_password_problems(compose: dict[str, Any], compose_text: str) -> list[str]:
    """The placeholder password from .env.example (or Neo4j's default) pasted in."""
    known = {"neo4j/neo4j"}
    if ENV_EXAMPLE.is_file():
        known |= {v for k, v in read_env_file(ENV_EXAMPLE).items() if SECRET_VAR_RE.search(k) and v}
    return [
        f"known password {secret!r} appears in the compose file" for secret in known if secret in compose_text
    ]


# --------------------------------------------------------------------------- fixtures


@pytest.fixture
def compose_path() -> Path:
    return COMPOSE_FILE


@pytest.fixture
def compose(compose_path: Path) -> dict[str, Any]:
    return load_compose(compose_path)


@pytest.fixture
def compose_text(compose_path: Path) -> str:
    return compose_path.read_text(encoding="utf-8")


@pytest.fixture
def pom_path() -> Path:
    return POM_FILE


@pytest.fixture
def env_example_path() -> Path:
    return ENV_EXAMPLE


@pytest.fixture
def gitignore_path() -> Path:
    return GITIGNORE


@pytest.fixture
def dockerfile_path() -> Path:
    return DOCKERFILE


@pytest.fixture
def dockerignore_path() -> Path:
    return DOCKERIGNORE


# --------------------------------------------------------------------------- tests


def test_compose_file_matches_compose_spec_schema(compose: dict[str, Any]) -> None:
    schema = load_schema()
    validator_cls = jsonschema.validators.validator_for(schema)
    validator_cls.check_schema(schema)
    errors = list(validator_cls(schema).iter_errors(compose))

    def describe(error: jsonschema.ValidationError) -> str:
        return f"at {'.'.join(map(str, error.absolute_path)) or '<root>'}: {error.message}"

    def leaves(error: jsonschema.ValidationError) -> Iterator[jsonschema.ValidationError]:
        if not error.context:  # oneOf/anyOf failures keep each branch's errors in .context
            yield error
        for sub_error in error.context:
            yield from leaves(sub_error)

    if errors:
        # The deepest error is usually the real mistake; shallower ones (e.g. an
        # "unevaluated properties" on the whole service) are often just echoes of it.
        deepest = sorted(
            {describe(leaf): len(leaf.absolute_path) for e in errors for leaf in leaves(e)}.items(),
            key=lambda kv: -kv[1],
        )
        pytest.fail(
            "docker-compose.yml violates the Compose Specification:\n"
            + "\n".join(f"  {text}" for text, _ in deepest[:15])
        )


@pytest.mark.parametrize(
    ("service_name", "port"),
    [
        ("neo4j", 7474),  # Neo4j Browser / HTTP API
        ("neo4j", NEO4J_BOLT_PORT),  # Bolt, used by the loader, the app and local tools
        ("app", 8501),  # Streamlit
    ],
)
def test_service_publishes_port(compose: dict[str, Any], service_name: str, port: int) -> None:
    svc = service(compose, service_name)
    assert port in container_ports(svc), (
        f"{service_name} does not publish container port {port}: {svc.get('ports')!r}"
    )


@pytest.mark.parametrize(
    ("service_name", "dependency", "condition"),
    [
        ("loader", "neo4j", "service_healthy"),  # loading before Bolt answers would fail
        ("app", "neo4j", "service_healthy"),  # the app connects at start-up
        ("app", "loader", "service_completed_successfully"),  # serve only a fully loaded graph
    ],
)
def test_start_up_order(compose: dict[str, Any], service_name: str, dependency: str, condition: str) -> None:
    deps = depends_on(service(compose, service_name))
    assert dependency in deps, f"{service_name} does not depend on {dependency}: {deps!r}"
    assert deps[dependency] == condition, (
        f"{service_name} -> {dependency}: condition {deps[dependency]!r}, want {condition!r}"
    )


def test_neo4j_healthcheck_talks_bolt(compose: dict[str, Any]) -> None:
    healthcheck = service(compose, "neo4j").get("healthcheck") or {}
    assert healthcheck and not healthcheck.get("disable"), (
        "neo4j needs an enabled healthcheck (others wait for service_healthy)"
    )
    cmd = healthcheck_command(service(compose, "neo4j"))
    assert "cypher-shell" in cmd, f"healthcheck should run a query over Bolt with cypher-shell, got {cmd!r}"
    address = re.search(r"(?:-a|--address|--uri)(?:\s+|=)(\S+)", cmd)
    if address:  # cypher-shell defaults to neo4j://localhost:7687; an explicit address must be Bolt
        assert re.match(rf"[\"']?(bolt|neo4j)(\+s|\+ssc)?://[^/\s]+:{NEO4J_BOLT_PORT}\b", address.group(1)), (
            f"healthcheck address {address.group(1)!r} is not a Bolt URI on port {NEO4J_BOLT_PORT}"
        )
    assert re.search(r"(?:-u|--username)(?:\s+|=)\S+", cmd), f"healthcheck must authenticate (-u/-p): {cmd!r}"


@pytest.mark.parametrize(
    "key",
    [
        "interval",  # how often to probe
        "timeout",  # cypher-shell starts a JVM; allow it time
        "retries",  # failures before "unhealthy"
        "start_period",  # grace period for the first start (store creation)
    ],
)
def test_neo4j_healthcheck_timing_is_explicit(compose: dict[str, Any], key: str) -> None:
    healthcheck = service(compose, "neo4j").get("healthcheck") or {}
    assert healthcheck.get(key) not in (None, ""), f"neo4j healthcheck lacks {key!r}"


def test_neo4j_keeps_data_in_a_named_volume(compose: dict[str, Any]) -> None:
    mounts = {}
    for entry in service(compose, "neo4j").get("volumes") or []:
        if isinstance(entry, dict):
            mounts[entry.get("target")] = (
                entry.get("source") if entry.get("type", "volume") == "volume" else None
            )
        else:
            source, _, rest = str(entry).partition(":")
            mounts[rest.split(":")[0]] = source
    source = mounts.get("/data")
    assert source, f"neo4j /data is not on a named volume: {mounts!r}"
    assert not source.startswith((".", "/", "~")), (
        f"neo4j /data uses bind mount {source!r}, want a named volume"
    )
    assert source in (compose.get("volumes") or {}), (
        f"volume {source!r} is not declared under top-level volumes:"
    )


@pytest.mark.parametrize(
    ("service_name", "argv"),
    [
        pytest.param("loader", ["pathways", "load", "--neo4j"], id="loader"),  # one-shot load into Neo4j
        pytest.param(
            "app", ["pathways", "app", "--address", "0.0.0.0", "--port", "8501"], id="app"
        ),  # reachable from the host
    ],
)
def test_service_command(compose: dict[str, Any], service_name: str, argv: list[str]) -> None:
    actual = command_argv(service(compose, service_name))
    assert actual == argv, f"{service_name} command is {actual!r}, want {argv!r}"


@pytest.mark.parametrize("service_name", ["loader", "app"])  # both run the project's own image
def test_service_is_built_from_repo_dockerfile(compose: dict[str, Any], service_name: str) -> None:
    build = service(compose, service_name).get("build")
    assert build is not None, f"{service_name} must be built from the repository's Dockerfile"
    context, dockerfile = (
        (build, "Dockerfile")
        if isinstance(build, str)
        else (build.get("context", "."), build.get("dockerfile", "Dockerfile"))
    )
    assert Path(context) in (
        Path("."),
        Path("./"),
    ), f"{service_name} build context {context!r}, want the repo root"
    assert dockerfile == "Dockerfile", f"{service_name} builds {dockerfile!r}, want Dockerfile"


def test_loader_is_one_shot(compose: dict[str, Any]) -> None:
    # An unquoted `restart: no` would load as False; Compose wants the string "no".
    restart = service(compose, "loader").get("restart")
    assert restart == "no", f'loader must be one-shot (restart: "no"), got {restart!r}'


@pytest.mark.parametrize("service_name", ["loader", "app"])  # both are Neo4j clients
def test_client_connects_to_neo4j_service(compose: dict[str, Any], service_name: str) -> None:
    env = environment(service(compose, service_name))
    assert re.fullmatch(rf"(bolt|neo4j)://neo4j:{NEO4J_BOLT_PORT}", env.get("NEO4J_URI") or ""), (
        f"{service_name}.NEO4J_URI = {env.get('NEO4J_URI')!r}, want bolt://neo4j:{NEO4J_BOLT_PORT}"
    )
    for var in ("NEO4J_USER", "NEO4J_PASSWORD"):
        assert var in env, f"{service_name} does not set {var}"
        names = {name for name, _, _ in interpolations(env[var] or "")}
        assert env[var] is None or var in names, (
            f"{service_name}.{var} should come from ${{{var}}}, got {env[var]!r}"
        )


@pytest.mark.parametrize(
    ("service_name", "key"),
    [
        ("neo4j", "NEO4J_AUTH"),  # initial admin password of the database
        ("loader", "NEO4J_PASSWORD"),  # client credentials
        ("app", "NEO4J_PASSWORD"),
    ],
)
def test_credentials_come_from_interpolation(compose: dict[str, Any], service_name: str, key: str) -> None:
    env = environment(service(compose, service_name))
    assert env.get(key), f"{service_name} must set {key}"
    names = {name for name, _, _ in interpolations(env[key])}
    assert "NEO4J_PASSWORD" in names, (
        f"{service_name}.{key} must interpolate ${{NEO4J_PASSWORD}}, got {env[key]!r}"
    )


@pytest.mark.parametrize(
    "check",
    [
        secret_env_problems,  # *PASSWORD*/*AUTH*/*TOKEN* env values are bare ${VAR}s
        secret_default_problems,  # no ${NEO4J_PASSWORD:-literal} fallbacks
        password_flag_problems,  # no `cypher-shell -p literal` in commands / healthchecks
        uri_credential_problems,  # no bolt://user:pass@host URIs
        known_password_problems,  # the .env.example placeholder is not pasted in
    ],
    ids=lambda check: check.__name__,
)
def test_no_literal_password(compose: dict[str, Any], compose_text: str, check) -> None:
    problems = check(compose, compose_text)
    assert not problems, "\n".join(problems)


def test_neo4j_image_is_official_major_5(compose: dict[str, Any]) -> None:
    name, tag = split_image(service(compose, "neo4j").get("image") or "")
    assert name in (
        "neo4j",
        "library/neo4j",
        "docker.io/library/neo4j",
    ), f"use the official neo4j image, not {name!r}"
    version = version_major_minor(tag)
    assert version, f"pin the neo4j image to major.minor (e.g. 5.26-community), got tag {tag!r}"
    assert version[0] == NEO4J_MAJOR, f"neo4j image major {version[0]}, want {NEO4J_MAJOR}"


def test_neo4j_image_matches_launcher_pom(compose: dict[str, Any], pom_path: Path) -> None:
    pom_version = pom_neo4j_version(pom_path)
    _, tag = split_image(service(compose, "neo4j").get("image") or "")
    assert version_major_minor(tag) == version_major_minor(pom_version), (
        f"neo4j image tag {tag!r} and launcher pom version {pom_version!r} differ in major.minor"
    )


def test_env_example_defines_every_interpolated_variable(
    compose: dict[str, Any], env_example_path: Path
) -> None:
    assert env_example_path.is_file(), ".env.example is missing"
    defined = read_env_file(env_example_path)
    used = interpolated_variables(compose)
    assert used, "docker-compose.yml interpolates no variables; credentials must come from .env"
    missing = sorted(used - defined.keys())
    assert not missing, f".env.example does not define {missing}"


@pytest.mark.parametrize(
    ("filename", "should_be_ignored"),
    [
        (".env", True),  # real credentials stay out of git
        (".env.example", False),  # the template must be committed
    ],
)
def test_gitignore(gitignore_path: Path, filename: str, should_be_ignored: bool) -> None:
    assert gitignore_path.is_file(), ".gitignore is missing"
    ignored = gitignore_ignores(gitignore_path.read_text(encoding="utf-8"), filename)
    assert ignored is should_be_ignored, (
        f".gitignore {'does not ignore' if should_be_ignored else 'ignores'} {filename}"
    )


@pytest.mark.parametrize(
    ("pattern", "why"),
    [
        pytest.param(r"(?m)^FROM\s+python:3\.11-slim\b", "base image", id="base-image"),
        pytest.param(
            r"(?m)^FROM\s+python:3\.11-slim\s+AS\s+(\w+)\s*$(?s:.*)^RUN\s+pip wheel\b.*\s-w\s+/wheels\s+\.$",
            "builds the wheel in a builder stage",
            id="builder-stage",
        ),
        pytest.param(
            r"(?m)^COPY\s+--from=\w+\s+/wheels\s+/wheels$"
            r"(?s:.*)^RUN pip install --no-cache-dir /wheels/\*\.whl\b",
            "installs the built wheel in the runtime stage",
            id="installs-wheel",
        ),
        pytest.param(r"(?m)^EXPOSE\s+8501\b", "exposes the Streamlit port", id="expose-8501"),
        pytest.param(
            r"(?ms)^HEALTHCHECK\b.*?/_stcore/health", "probes Streamlit's health endpoint", id="healthcheck"
        ),
        pytest.param(
            r"(?m)^CMD\s.*pathways.*app.*--address.*0\.0\.0\.0.*--port.*8501",
            "serves the app by default",
            id="cmd",
        ),
    ],
)
def test_dockerfile(dockerfile_path: Path, pattern: str, why: str) -> None:
    assert dockerfile_path.is_file(), "Dockerfile is missing"
    assert re.search(pattern, dockerfile_path.read_text(encoding="utf-8")), f"Dockerfile: {why} ({pattern})"


def test_dockerfile_installs_no_source_tree(dockerfile_path: Path) -> None:
    """The runtime stage gets the wheel only: no editable install, no copy of the repository."""
    assert dockerfile_path.is_file(), "Dockerfile is missing"
    stages = re.split(r"(?m)^FROM\s", dockerfile_path.read_text(encoding="utf-8"))
    assert len(stages) >= 3, "Dockerfile should have a builder stage and a runtime stage"
    runtime = stages[-1]
    assert not re.search(r"pip install[^\n]*\s-e\s", runtime), "the runtime stage installs in editable mode"
    assert not re.search(r"(?m)^COPY\s+(?!--from=)", runtime), "the runtime stage copies the source tree"


def test_dockerfile_runs_as_non_root(dockerfile_path: Path) -> None:
    assert dockerfile_path.is_file(), "Dockerfile is missing"
    users = re.findall(r"(?m)^USER\s+(\S+)", dockerfile_path.read_text(encoding="utf-8"))
    assert users, "Dockerfile never switches away from root (no USER instruction)"
    assert users[-1].split(":")[0] not in ("root", "0"), f"Dockerfile's final USER is {users[-1]!r}"


@pytest.mark.parametrize(
    "entry",
    [
        ".env",  # never bake credentials into the image
        ".git",
        ".venv",
        "loaders/neo4j_launcher/target",  # a manual Maven build's output (Neo4j jars)
        "docs/screenshots",
    ],
)
def test_dockerignore(dockerignore_path: Path, entry: str) -> None:
    assert dockerignore_path.is_file(), ".dockerignore is missing"
    lines = {line.strip().strip("/") for line in dockerignore_path.read_text(encoding="utf-8").splitlines()}
    assert entry in lines, f".dockerignore does not exclude {entry}"
