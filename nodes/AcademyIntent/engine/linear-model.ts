// Looked up once: inside a vm context (jest, sandboxes) each read of the global Math in the
// training loop is an interceptor call, which made training ten times slower there.
const { exp, sqrt, floor, imul } = Math;

export interface Sample<L extends string> {
	features: string[];
	label: L;
}

export interface TrainingOptions {
	epochs: number;
	learningRate: number;
	/** L2 penalty per update; keeps weights of rare n-grams from deciding alone. */
	l2: number;
	/** Seed of the shuffle, so the same corpus always gives the same model. */
	seed: number;
}

export const DEFAULT_TRAINING: TrainingOptions = {
	epochs: 20,
	learningRate: 0.3,
	l2: 1e-5,
	seed: 7,
};

/**
 * Multinomial logistic regression over binary sparse features, trained with AdaGrad. Its
 * probabilities are meaningful enough to decide when to ask an LLM, which naive Bayes's are not.
 */
export class LinearModel<L extends string> {
	private constructor(
		readonly labels: readonly L[],
		private readonly index: Map<string, number>,
		private readonly weights: Float32Array,
		private readonly bias: Float32Array,
	) {}

	static train<L extends string>(
		labels: readonly L[],
		samples: Array<Sample<L>>,
		options: TrainingOptions = DEFAULT_TRAINING,
	): LinearModel<L> {
		const k = labels.length;
		const labelIndex = new Map(labels.map((label, i) => [label, i]));
		const index = new Map<string, number>();
		const encoded = samples.map((sample) => ({
			ids: sample.features.map((f) => {
				let id = index.get(f);
				if (id === undefined) index.set(f, (id = index.size));
				return id;
			}),
			label: labelIndex.get(sample.label)!,
		}));
		const weights = new Float32Array(index.size * k);
		const squares = new Float32Array(index.size * k).fill(1e-8);
		const bias = new Float32Array(k);
		const biasSquares = new Float32Array(k).fill(1e-8);
		const order = encoded.map((_, i) => i);
		const random = mulberry32(options.seed);
		const scores = new Float64Array(k);

		for (let epoch = 0; epoch < options.epochs; epoch++) {
			shuffle(order, random);
			for (const i of order) {
				const { ids, label } = encoded[i];
				const scale = 1 / sqrt(ids.length || 1);
				score(ids, scale, weights, bias, k, scores);
				softmaxInPlace(scores);
				for (let c = 0; c < k; c++) {
					const gradient = scores[c] - (c === label ? 1 : 0);
					biasSquares[c] += gradient * gradient;
					bias[c] -= (options.learningRate * gradient) / sqrt(biasSquares[c]);
					for (const id of ids) {
						const w = id * k + c;
						const g = gradient * scale + options.l2 * weights[w];
						squares[w] += g * g;
						weights[w] -= (options.learningRate * g) / sqrt(squares[w]);
					}
				}
			}
		}
		return new LinearModel(labels, index, weights, bias);
	}

	/** Probability of each label, in the order of `labels`. */
	probabilities(features: string[]): Float64Array {
		const ids: number[] = [];
		for (const f of features) {
			const id = this.index.get(f);
			if (id !== undefined) ids.push(id);
		}
		const k = this.labels.length;
		const scores = new Float64Array(k);
		score(ids, 1 / sqrt(features.length || 1), this.weights, this.bias, k, scores);
		return softmaxInPlace(scores);
	}

	best(features: string[]): { label: L; confidence: number } {
		const p = this.probabilities(features);
		let top = 0;
		for (let c = 1; c < p.length; c++) if (p[c] > p[top]) top = c;
		return { label: this.labels[top], confidence: p[top] };
	}
}

function score(
	ids: number[],
	scale: number,
	weights: Float32Array,
	bias: Float32Array,
	k: number,
	out: Float64Array,
): void {
	for (let c = 0; c < k; c++) out[c] = bias[c];
	for (const id of ids) {
		const base = id * k;
		for (let c = 0; c < k; c++) out[c] += weights[base + c] * scale;
	}
}

function softmaxInPlace(scores: Float64Array): Float64Array {
	let max = -Infinity;
	for (const s of scores) if (s > max) max = s;
	let sum = 0;
	for (let c = 0; c < scores.length; c++) sum += scores[c] = exp(scores[c] - max);
	for (let c = 0; c < scores.length; c++) scores[c] /= sum;
	return scores;
}

function mulberry32(seed: number): () => number {
	let a = seed >>> 0;
	return () => {
		a = (a + 0x6d2b79f5) >>> 0;
		let t = a;
		t = imul(t ^ (t >>> 15), t | 1);
		t ^= t + imul(t ^ (t >>> 7), t | 61);
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

function shuffle(values: number[], random: () => number): void {
	for (let i = values.length - 1; i > 0; i--) {
		const j = floor(random() * (i + 1));
		[values[i], values[j]] = [values[j], values[i]];
	}
}
