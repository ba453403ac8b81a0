# UN Pathways image: the `pathways` CLI plus the Streamlit app and the dataset.
# Used by docker-compose.yml for both the one-shot `loader` and the `app` service.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    STREAMLIT_BROWSER_GATHER_USAGE_STATS=false

# Unprivileged runtime user (with a home directory, where Streamlit keeps its state).
RUN groupadd --system --gid 10001 pathways \
 && useradd --system --uid 10001 --gid pathways --create-home --home-dir /home/pathways \
            --shell /usr/sbin/nologin pathways

# The source tree stays in the working directory and is installed in editable
# mode: the code finds its files relative to itself (loaders/dataset.py uses
# <repo>/data; app.py and pages/ sit at the repo root), which a regular
# `pip install .` would resolve inside site-packages, where they do not exist.
# Files stay root-owned, so the runtime user can read but not modify them.
WORKDIR /srv/pathways
COPY . .
RUN pip install --no-cache-dir -e .

USER pathways

EXPOSE 8501

# The slim image has no curl/wget; use the interpreter to hit Streamlit's health endpoint.
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
    CMD ["python", "-c", "import urllib.request; urllib.request.urlopen('http://127.0.0.1:8501/_stcore/health', timeout=4)"]

CMD ["pathways", "app", "--address", "0.0.0.0", "--port", "8501"]
