# One image for the API and the worker. The UI is built in a Node stage and served by the API.
FROM node:20-bookworm-slim AS ui
WORKDIR /src/frontend
COPY frontend/package.json frontend/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY frontend/ ./
RUN npm run build

FROM python:3.11-slim-bookworm
ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 TUNIX_RT_HOME=/var/lib/tunix-rt
WORKDIR /app
COPY backend/ backend/
COPY training/ training/
RUN pip install --no-cache-dir ./backend ./training
COPY --from=ui /src/frontend/dist /app/frontend/dist
ENV TUNIX_RT_UI_DIR=/app/frontend/dist
EXPOSE 8000
CMD ["tunix-rt", "serve", "--host", "0.0.0.0", "--port", "8000"]
