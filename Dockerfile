# UN Pathways image: the `pathways` CLI plus the Streamlit app and the dataset.
# Used by docker-compose.yml for both the one-shot `loader` and the `app` service.
#
# Two stages: the builder turns the source tree into a wheel; the runtime stage installs
# only that wheel (no source tree, no editable install). The package finds its dataset,
# saved queries, app and pages inside itself (un_pathways/loaders/resources.py).

FROM python:3.11-slim AS builder

ENV PIP_DISABLE_PIP_VERSION_CHECK=1
WORKDIR /src
COPY . .
RUN pip wheel --no-cache-dir --no-deps -w /wheels .

FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# Unprivileged runtime user (with a home directory, where Streamlit keeps its state).
RUN groupadd --system --gid 10001 pathways \
 && useradd --system --uid 10001 --gid pathways --create-home --home-dir /home/pathways \
            --shell /usr/sbin/nologin pathways

# Installed as root into site-packages: the runtime user can read the package but not modify it.
COPY --from=builder /wheels /wheels
RUN pip install --no-cache-dir /wheels/*.whl && rm -rf /wheels

USER pathways
WORKDIR /home/pathways

EXPOSE 8501

# The slim image has no curl/wget; use the interpreter to hit Streamlit's health endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

# `pathways app` replaces itself with the Streamlit server, so `docker stop` signals the server directly.
CMD ["pathways", "app", "--address", "0.0.0.0", "--port", "8501"]
