export interface Migration {
	version: number;
	name: string;
	/** Runs with search_path set to the academy schema; never edit a migration once released. */
	up: string;
}
