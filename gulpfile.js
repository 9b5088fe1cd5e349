const { src, dest, parallel } = require('gulp');

// gulp 5 reads files as UTF-8 unless told otherwise, which corrupts binary icons.
const copy = (glob, out) => () => src(glob, { encoding: false }).pipe(dest(out));

exports['build:icons'] = parallel(
	copy('nodes/**/*.{png,svg}', 'dist/nodes'),
	copy('credentials/**/*.{png,svg}', 'dist/credentials'),
	copy('icons/**/*.{png,svg}', 'dist/icons'),
);
