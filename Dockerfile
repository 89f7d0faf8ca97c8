# The portal's image: web (gunicorn) and worker (celery) run from it (docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint's libraries (pango, harfbuzz) and fonts that cover Kyrgyz letters (ң ө ү).
RUN apt-get update \
 && apt-get install -y --no-install-recommends \
      libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b libharfbuzz-subset0 \
      fonts-noto-core fonts-dejavu-core shared-mime-info \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt ./
RUN pip install -r requirements.txt

COPY . .
# Build-time only: translations and static files need settings, not secrets.
RUN DEBUG=0 SECRET_KEY=build-only-not-secret python manage.py compiletranslations \
 && DEBUG=0 SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput \
 && useradd --system --create-home --uid 1000 sedp \
 && mkdir -p /data/media \
 && chown -R sedp /data /app/var

USER sedp
EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
