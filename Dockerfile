# n8n's official image with this package installed as a community node, as n8n's own installer
# would leave it in /home/node/.n8n/nodes. The package is pure JavaScript, so it is built and
# installed in a plain Node image and only the result is copied into n8n's.
#   docker build -t n8n-academy-bot .
#   docker run -p 5678:5678 -v n8n_data:/home/node/.n8n n8n-academy-bot
FROM node:24-bookworm-slim AS build
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run build && mkdir /pack && npm pack --pack-destination /pack
WORKDIR /nodes
# Without --omit=peer npm would also install n8n-workflow, which n8n itself provides.
RUN echo '{"name":"installed-nodes","private":true}' > package.json \
	&& npm install /pack/*.tgz --omit=peer --omit=dev --ignore-scripts --no-audit --no-fund

FROM n8nio/n8n:2.41.1
COPY --from=build --chown=node:node /nodes /home/node/.n8n/nodes
